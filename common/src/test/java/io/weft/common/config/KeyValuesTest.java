package io.weft.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyValuesTest {
  @Test
  void daemonArgs_takeBothFormsAndKeepEqualsInValues() {
    assertThat(KeyValues.fromDaemonArgs(new String[] {"--conf", "a.b=1", "--conf=c=d=e"}, "x"))
        .containsExactly(Map.entry("a.b", "1"), Map.entry("c", "d=e"));
  }

  @Test
  void badPairs_nameTheFlagAndThePair() {
    assertThatThrownBy(() -> KeyValues.parse(List.of("novalue"), "--conf"))
        .isInstanceOf(ConfigException.class).hasMessage("--conf 'novalue' is not of the form key=value");
    assertThatThrownBy(() -> KeyValues.fromDaemonArgs(new String[] {"--port", "1"}, "nodemanager [--conf k=v]"))
        .hasMessage("unknown argument '--port'; usage: nodemanager [--conf k=v]");
  }
}
