package io.weft.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class WeftConfTest {
  @Test
  void setJars_setsWeftJarsAsACommaSeparatedList_whichTheDriverReads() {
    WeftConf conf = new WeftConf(false).setJars("/tmp/app.jar", "local:/opt/lib/dep.jar");

    assertThat(conf.get("weft.jars")).isEqualTo("/tmp/app.jar,local:/opt/lib/dep.jar");
    assertThat(io.weft.common.config.WeftConfig.of(conf.getAll()).get(DriverKeys.JARS))
        .isEqualTo("/tmp/app.jar,local:/opt/lib/dep.jar");
  }

  @Test
  void setJars_replacesTheJarsSetBefore_andNoneClearsThem() {
    WeftConf conf = new WeftConf(false).setJars(List.of("/a.jar", "/b.jar")).setJars("/c.jar");
    assertThat(conf.get("weft.jars")).isEqualTo("/c.jar");

    assertThat(conf.setJars().get("weft.jars")).isEmpty();
  }

  @Test
  void setJars_refusesAnEntryThatWouldBreakTheList_namingIt() {
    assertThatThrownBy(() -> new WeftConf(false).setJars("/a.jar,/b.jar"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'/a.jar,/b.jar'")
        .hasMessageContaining("comma-separated");
    assertThatThrownBy(() -> new WeftConf(false).setJars(Arrays.asList("/a.jar", null)))
        .hasMessageContaining("jar 'null'");
    assertThatThrownBy(() -> new WeftConf(false).setJars(" ")).hasMessageContaining("jar ' '");
  }
}
