package io.weft.nm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weft.common.id.ContainerId;
import io.weft.common.launch.Placeholders;
import io.weft.common.resource.Resource;
import io.weft.nm.testing.FakeResourceManager;
import io.weft.nm.testing.HelloJvm;
import io.weft.proto.ContainerLaunchContext;
import io.weft.proto.LocalResource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real NodeManager whose class path is jars only (as an installation's {@code lib/*}): it has the
 * archive of Weft's JVMs before it registers, and a user's JVM that opts into
 * {@code {{WEFT_JVM_OPTIONS}}} records its archive on its first launch and maps it on the next, as
 * the JVM itself reports in the container's stdout ({@code -Xlog:class+load}).
 */
class ClassDataSharingTest {
  private static final String MAIN = HelloJvm.class.getName();

  @TempDir Path dir;
  private FakeResourceManager rm;
  private NmHarness h;
  private Path cds;
  private Path userJar;

  @BeforeEach
  void setUp() throws IOException {
    Path lib = Files.createDirectories(dir.resolve("lib"));
    writeJar(lib.resolve("weft.jar")); // stands for Weft's jars: the NM's class path must be jars only
    userJar = dir.resolve("app.jar");
    writeJar(userJar);
    cds = dir.resolve("cds");
    rm = new FakeResourceManager();
    rm.start();
    h = new NmHarness(dir, rm, Map.of(NmKeys.CONTAINER_CLASSPATH.key(), lib + "/*",
        NmKeys.WEFT_JVM_CDS_DIR.key(), cds.toString()));
    h.awaitRegistered();
  }

  @AfterEach
  void tearDown() {
    h.close();
    rm.close();
  }

  @Test
  void theArchiveOfWeftsJvms_isThereWhenTheNodeHasRegistered() throws IOException {
    assertThat(archives("weft-jvms-")).hasSize(1);
  }

  @Test
  void aUserJvm_recordsItsArchiveOnTheFirstLaunch_andMapsItOnTheSecond() throws IOException {
    ContainerId first = runUserJvm(1);
    assertThat(h.awaitComplete(first).getExitStatus()).isZero();
    assertThat(Files.readString(h.logFile(first, "stdout"))).contains("hello from x")
        .contains(MAIN + " source: file:").doesNotContain(MAIN + " source: shared objects file");
    await("the user JVM's archive").atMost(Duration.ofMinutes(2)).until(() -> archives(MAIN + "-").size() == 1);

    ContainerId second = runUserJvm(2);

    assertThat(h.awaitComplete(second).getExitStatus()).isZero();
    assertThat(Files.readString(h.logFile(second, "stdout"))).contains("hello from x")
        .contains(MAIN + " source: shared objects file");
  }

  /** {@code java -cp {{PWD}}/app.jar:{{WEFT_CLASSPATH}} {{WEFT_JVM_OPTIONS}} HelloJvm x}, as AppSubmission builds it. */
  private ContainerId runUserJvm(long n) {
    return h.run(n, Resource.of(512, 1), ContainerLaunchContext.newBuilder()
        .addAllCommand(List.of(Placeholders.JAVA, "-Xlog:class+load=info:stdout", "-cp",
            Placeholders.PWD + "/app.jar:" + Placeholders.WEFT_CLASSPATH, Placeholders.WEFT_JVM_OPTIONS, MAIN, "x"))
        .putLocalResources("app.jar", LocalResource.newBuilder().setUri(userJar.toUri().toString()).build()));
  }

  private List<Path> archives(String prefix) throws IOException {
    try (Stream<Path> files = Files.list(cds)) {
      return files.filter(p -> p.getFileName().toString().startsWith(prefix) && p.toString().endsWith(".jsa"))
          .toList();
    }
  }

  private static void writeJar(Path jar) throws IOException {
    String entry = MAIN.replace('.', '/') + ".class";
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out);
        InputStream in = HelloJvm.class.getClassLoader().getResourceAsStream(entry)) {
      jarOut.putNextEntry(new JarEntry(entry));
      in.transferTo(jarOut);
      jarOut.closeEntry();
    }
  }
}
