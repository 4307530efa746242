package io.weft.client.submit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.common.launch.AppMasterArgs;
import io.weft.common.launch.AppMasterArgs.DeployMode;
import io.weft.common.launch.Placeholders;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How --driver-java-options and --driver-class-path become JVM arguments. */
class DriverOptionsTest {
  @Test
  void javaOptions_areSplitLikeAShellWouldSplitThem() {
    assertThat(DriverJvm.splitOptions("  -Da='x y'  -Xss4m -Db=\"q 'r'\" -Dc=\"\" ")).containsExactly("-Da=x y",
        "-Xss4m", "-Db=q 'r'", "-Dc=");
    assertThat(DriverJvm.splitOptions("")).isEmpty();
    assertThatThrownBy(() -> DriverJvm.splitOptions("-Da='open")).hasMessageContaining("unclosed '");
  }

  @Test
  void clusterMode_amCommand_hasTheClassPathAfterWeftsAndTheOptionsBeforeTheMainClass() {
    SubmitOptions options = new SubmitOptions("weft", DeployMode.CLUSTER, "x.Main", "n", "default", 1, 512, 1, 768,
        1, Map.of(), Path.of("app.jar"), List.of(), List.of("-Dmy.prop=a b", "-Xss4m"),
        List.of("extra.jar", "/opt/x/*"), List.of(), false);

    List<String> command = ClusterModeSubmitter.amCommand(options);

    assertThat(command).containsSubsequence("-Xmx768m", "-cp",
        Placeholders.WEFT_CLASSPATH + ":extra.jar:/opt/x/*", Placeholders.WEFT_JVM_OPTIONS, "-Dmy.prop=a b", "-Xss4m",
        AppMasterArgs.MAIN_CLASS);
    assertThat(command.get(command.size() - 1)).isEqualTo(AppMasterArgs.MAIN_CLASS);
  }

  @Test
  void withoutDriverSettings_theAmCommandIsWeftsAlone() {
    SubmitOptions options = new SubmitOptions("weft", DeployMode.CLUSTER, "x.Main", "n", "default", 1, 512, 1, 768,
        1, Map.of(), Path.of("app.jar"), List.of());
    assertThat(ClusterModeSubmitter.amCommand(options)).containsExactly(Placeholders.JAVA, "-Xmx768m", "-cp",
        Placeholders.WEFT_CLASSPATH, Placeholders.WEFT_JVM_OPTIONS, AppMasterArgs.MAIN_CLASS);
  }
}
