package io.weft.nm.warm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.common.config.ConfigException;
import io.weft.common.config.WeftConfig;
import io.weft.common.launch.JvmContainer;
import io.weft.nm.NmConfig;
import io.weft.nm.NmKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class WarmCommandTest {
  private static final String MAIN = "io.weft.driver.executor.ExecutorMain";

  private static List<String> weftCommand(long heapMb, String... rest) {
    List<String> command = new ArrayList<>(JvmContainer.command(heapMb, MAIN));
    command.addAll(List.of(rest));
    return command;
  }

  private static List<String> withOptionBeforeMain(String option) {
    List<String> command = weftCommand(256, "--x");
    command.add(command.indexOf(MAIN), option);
    return command;
  }

  @Test
  void weftsOwnCommand_isEligible_withItsHeapMainAndArgs() {
    WarmCommand command = WarmCommand.of(weftCommand(1024, "--driver", "h:1", "{{PWD}}/app.jar")).orElseThrow();
    assertThat(command.heapMb()).isEqualTo(1024);
    assertThat(command.mainClass()).isEqualTo(MAIN);
    assertThat(command.args()).containsExactly("--driver", "h:1", "{{PWD}}/app.jar");
    assertThat(command.systemProperties()).isEmpty();
  }

  @Test
  void systemPropertiesBeforeMain_areHandedOver() {
    List<String> command = withOptionBeforeMain("-Dweft.log.level=DEBUG");
    command.add(command.indexOf(MAIN), "-Dflag");
    assertThat(WarmCommand.of(command).orElseThrow().systemProperties())
        .isEqualTo(Map.of("weft.log.level", "DEBUG", "flag", ""));
  }

  @Test
  void aUsersJarsBeforeWeftsClassPath_asAppSubmissionPutsThem_areEligible_andHandedOverAsGiven() {
    List<String> command = weftCommand(256, "--x");
    command.set(3, "{{PWD}}/am.jar:/opt/libs/b.jar:{{WEFT_CLASSPATH}}");
    WarmCommand warm = WarmCommand.of(command).orElseThrow();
    assertThat(warm.userClassPath()).containsExactly("{{PWD}}/am.jar", "/opt/libs/b.jar");
    assertThat(warm.mainClass()).isEqualTo(MAIN);
    assertThat(WarmCommand.of(weftCommand(256)).orElseThrow().userClassPath()).isEmpty();
  }

  private static List<String> withClasspath(String classpath) {
    List<String> command = weftCommand(256);
    command.set(3, classpath);
    return command;
  }

  static Stream<Arguments> coldCommands() {
    List<String> extraClasspath = weftCommand(256);
    extraClasspath.set(3, "{{WEFT_CLASSPATH}}:/opt/extra.jar");
    List<String> otherJava = weftCommand(256);
    otherJava.set(0, "/usr/bin/java");
    List<String> heapInGigabytes = weftCommand(256);
    heapInGigabytes.set(1, "-Xmx1g");
    return Stream.of(
        Arguments.of("a shell command", List.of("bash", "-c", "true")),
        Arguments.of("a user's java without the node's options", List.of("{{JAVA_HOME}}/bin/java", "-Xmx256m", "-cp",
            "app.jar", "Main")),
        Arguments.of("another class path", extraClasspath),
        Arguments.of("a directory before Weft's class path", withClasspath("{{PWD}}/classes:{{WEFT_CLASSPATH}}")),
        Arguments.of("a wildcard before Weft's class path", withClasspath("{{PWD}}/lib/*:{{WEFT_CLASSPATH}}")),
        Arguments.of("an empty entry before Weft's class path", withClasspath(":{{WEFT_CLASSPATH}}")),
        Arguments.of("Weft's class path twice", withClasspath("{{WEFT_CLASSPATH}}:{{WEFT_CLASSPATH}}")),
        Arguments.of("another java", otherJava),
        Arguments.of("a heap not in MB", heapInGigabytes),
        Arguments.of("a JVM option", withOptionBeforeMain("-Xss4m")),
        Arguments.of("a property the JDK reads at start-up", withOptionBeforeMain("-Dfile.encoding=UTF-8")),
        Arguments.of("a java.* property", withOptionBeforeMain("-Djava.io.tmpdir=/x")),
        Arguments.of("a user.* property", withOptionBeforeMain("-Duser.timezone=UTC")),
        Arguments.of("a gRPC property, read before the claim", withOptionBeforeMain("-Dio.grpc.foo=1")),
        Arguments.of("a Netty property, read before the claim",
            withOptionBeforeMain("-Dio.netty.leakDetection.level=paranoid")),
        Arguments.of("a log4j property, read as log4j starts before the claim",
            withOptionBeforeMain("-Dlog4j2.configurationFile=other.xml")),
        Arguments.of("a Jackson property, read before the claim",
            withOptionBeforeMain("-Dcom.fasterxml.jackson.core.util.BufferRecyclers.trackReusableBuffers=true")),
        Arguments.of("a JMX property, read as the platform MBean server is built before the claim",
            withOptionBeforeMain("-Djmx.invoke.getters=true")),
        Arguments.of("no main class", JvmContainer.command(256, "").subList(0, 5)));
  }

  @ParameterizedTest(name = "{0} starts cold")
  @MethodSource("coldCommands")
  void otherCommands_startCold(String what, List<String> command) {
    assertThat(WarmCommand.of(command)).isEmpty();
  }

  @Test
  void heaps_parseSizesInMbAndGb_withoutDuplicates() {
    assertThat(WarmJvmSettings.parseHeaps("k", " 256m, 512 ,1g,1024m ")).containsExactly(256L, 512L, 1024L);
    assertThat(WarmJvmSettings.parseHeaps("k", "")).isEmpty();
  }

  @Test
  void badHeaps_failNamingTheKeyTheValueAndTheLimit() {
    assertThatThrownBy(() -> WarmJvmSettings.parseHeaps("weft.nodemanager.warm-jvms.heaps", "256m,lots"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("weft.nodemanager.warm-jvms.heaps=256m,lots").hasMessageContaining("'lots'");
    assertThatThrownBy(() -> WarmJvmSettings.parseHeaps("weft.nodemanager.warm-jvms.heaps", "0m"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("outside 1 MB to 1048576 MB");
    assertThatThrownBy(() -> WarmJvmSettings.parseHeaps("weft.nodemanager.warm-jvms.heaps", "2048g"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("2048g is outside 1 MB to 1048576 MB");
  }

  @Test
  void nodeManagerConfig_refusesACountOutOfRangeAndBadHeaps_namingKeyValueAndLimit() {
    assertThatThrownBy(() -> NmConfig.from(WeftConfig.of(Map.of(NmKeys.WARM_JVMS_COUNT.key(), "65")).validate()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("weft.nodemanager.warm-jvms.count=65").hasMessageContaining("between 1 and 64");
    assertThatThrownBy(() -> NmConfig.from(WeftConfig.of(Map.of(NmKeys.WARM_JVMS_HEAPS.key(), "1t"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("weft.nodemanager.warm-jvms.heaps=1t");
    assertThatThrownBy(() -> NmConfig.from(WeftConfig.of(Map.of(NmKeys.WARM_JVMS_COUNT.key(), "3",
        NmKeys.WARM_JVMS_MAX_COUNT.key(), "2")).validate()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("weft.nodemanager.warm-jvms.max-count=2")
        .hasMessageContaining("at least weft.nodemanager.warm-jvms.count=3");
  }

  @Test
  void maxCount_defaultsToFour_andUnsetFollowsALargerCount() {
    assertThat(NmConfig.from(WeftConfig.empty()).warmJvms().maxCount()).isEqualTo(4);
    WarmJvmSettings many = NmConfig.from(WeftConfig.of(Map.of(NmKeys.WARM_JVMS_COUNT.key(), "6"))).warmJvms();
    assertThat(many.count()).isEqualTo(6);
    assertThat(many.maxCount()).isEqualTo(6);
  }

  @Test
  void nodeManagerConfig_defaultsToTheHeapsOfWeftsOwnContainers() {
    WarmJvmSettings settings = NmConfig.from(WeftConfig.empty()).warmJvms();
    assertThat(settings.enabled()).isTrue();
    assertThat(settings.count()).isEqualTo(1);
    assertThat(settings.heapsMb()).containsExactly(256L, 512L, 1024L);
  }
}
