package io.weft.nm.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weft.nm.testing.HelloJvm;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real JVMs launched with the options {@link CdsArchives} hands out, and the archives they leave. */
class CdsArchivesTest {
  private static final String MAIN = HelloJvm.class.getName();
  private static final String JAVA_HOME = System.getProperty("java.home");

  @TempDir Path dir;
  private Path lib;
  private Path cdsDir;
  private CdsArchives archives;

  @BeforeEach
  void setUp() throws IOException {
    lib = Files.createDirectories(dir.resolve("lib"));
    writeJar(lib.resolve("hello.jar"));
    cdsDir = dir.resolve("cds");
    archives = new CdsArchives(cdsDir, JAVA_HOME, lib + "/*");
  }

  @AfterEach
  void tearDown() {
    archives.close();
  }

  @Test
  void withoutTraining_noLaunchRecordsItsClasses() {
    try (CdsArchives mapOnly = new CdsArchives(cdsDir, JAVA_HOME, lib + "/*", false)) {
      assertThat(mapOnly.forLaunch(MAIN, "container_1").options()).isEmpty();
    }
    assertThat(cdsDir).doesNotExist();
  }

  @Test
  void firstLaunchRecordsItsClasses_thenLaterLaunchesMapTheArchive_withUnchangedOutput() throws Exception {
    JvmLaunchOptions first = archives.forLaunch(MAIN, "container_1");
    assertThat(first.options()).singleElement().asString().startsWith("-XX:DumpLoadedClassList=" + cdsDir);
    Launched trained = launch(first.options());
    assertThat(trained.output()).isEqualTo("hello from x\n");
    first.exited().accept(trained.exitCode());

    await("the archive, and nothing else left in its directory").atMost(Duration.ofMinutes(2))
        .until(() -> archiveFiles().size() == 1 && allFiles().size() == 1);
    JvmLaunchOptions later = archives.forLaunch(MAIN, "container_2");
    assertThat(later.options()).containsExactly("-Xlog:cds*=off", "-XX:SharedArchiveFile=" + archiveFiles().get(0));
    Launched shared = launch(later.options());
    assertThat(shared.exitCode()).isZero();
    assertThat(shared.output()).isEqualTo("hello from x\n");
  }

  @Test
  void aNewArchive_deletesOnlyTheArchivesOfItsMainClassUnusedForADay() throws Exception {
    Files.createDirectories(cdsDir);
    Path unused = Files.writeString(cdsDir.resolve(MAIN + "-0123456789abcdef01234567.jsa"), "old build");
    Files.setLastModifiedTime(unused, FileTime.fromMillis(System.currentTimeMillis() - Duration.ofDays(2).toMillis()));
    Path inUse = Files.writeString(cdsDir.resolve(MAIN + "-fedcba9876543210fedcba98.jsa"), "another install");
    Path otherMain = Files.writeString(cdsDir.resolve("io.weft.Other-0123456789abcdef01234567.jsa"), "other");
    Files.setLastModifiedTime(otherMain, FileTime.fromMillis(0));

    JvmLaunchOptions first = archives.forLaunch(MAIN, "container_1");
    first.exited().accept(launch(first.options()).exitCode());

    Path archive = cdsDir.resolve(MAIN + "-" + archives.fingerprint() + ".jsa");
    await("the new archive, and the unused one gone").atMost(Duration.ofMinutes(2))
        .until(() -> Files.exists(archive) && !Files.exists(unused));
    assertThat(inUse).exists();
    assertThat(otherMain).exists();
  }

  @Test
  void whileOneLaunchTrains_othersRunWithoutSharing() {
    JvmLaunchOptions training = archives.forLaunch(MAIN, "container_1");

    assertThat(training.options()).isNotEmpty();
    assertThat(archives.forLaunch(MAIN, "container_2").options()).isEmpty();
    assertThat(new CdsArchives(cdsDir, JAVA_HOME, lib + "/*").forLaunch(MAIN, "container_3").options())
        .as("another NM sharing the directory").isEmpty();
  }

  @Test
  void aTrainingThatLeftNoClassList_isRetried_thenGivenUp() {
    for (int i = 0; i < CdsArchives.MAX_FAILED_TRAININGS; i++) {
      JvmLaunchOptions training = archives.forLaunch(MAIN, "container_" + i);
      assertThat(training.options()).as("attempt %d", i).isNotEmpty();
      training.exited().accept(137);
    }

    assertThat(archives.forLaunch(MAIN, "container_9").options()).isEmpty();
  }

  @Test
  void aBrokenArchive_neverFailsALaunch() throws Exception {
    String key = MAIN + "-" + archives.fingerprint();
    Files.createDirectories(cdsDir);
    Files.writeString(cdsDir.resolve(key + ".jsa"), "not an archive");

    JvmLaunchOptions options = archives.forLaunch(MAIN, "container_1");
    assertThat(options.options()).contains("-XX:SharedArchiveFile=" + cdsDir.resolve(key + ".jsa"));
    Launched launched = launch(options.options());

    assertThat(launched.exitCode()).isZero();
    assertThat(launched.output()).isEqualTo("hello from x\n");
  }

  @Test
  void aRebuiltJar_changesTheKey() throws Exception {
    String before = archives.fingerprint();
    Files.setLastModifiedTime(lib.resolve("hello.jar"), FileTime.fromMillis(1_000_000));

    assertThat(archives.fingerprint()).isNotEqualTo(before);
  }

  @Test
  void aClassPathWithADirectory_getsNoOptions() throws IOException {
    Path classes = Files.createDirectories(dir.resolve("classes/io"));
    CdsArchives withDirectory = new CdsArchives(cdsDir, JAVA_HOME, lib + "/*:" + classes.getParent());

    assertThat(withDirectory.forLaunch(MAIN, "container_1").options()).isEmpty();
  }

  @Test
  void somethingThatIsNotAMainClass_getsNoOptions() {
    assertThat(archives.forLaunch("-version", "container_1").options()).isEmpty();
    assertThat(archives.forLaunch("", "container_1").options()).isEmpty();
  }

  private List<Path> archiveFiles() throws IOException {
    return allFiles().stream().filter(p -> p.toString().endsWith(".jsa")).toList();
  }

  private List<Path> allFiles() throws IOException {
    try (Stream<Path> files = Files.list(cdsDir)) {
      return files.toList();
    }
  }

  private record Launched(int exitCode, String output) {}

  private Launched launch(List<String> options) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(Path.of(JAVA_HOME, "bin", "java").toString(), "-cp", lib + "/*"));
    command.addAll(options);
    command.addAll(List.of(MAIN, "x"));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Launched(process.waitFor(), output);
  }

  private static void writeJar(Path jar) throws IOException {
    String entry = HelloJvm.class.getName().replace('.', '/') + ".class";
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out);
        InputStream in = HelloJvm.class.getClassLoader().getResourceAsStream(entry)) {
      jarOut.putNextEntry(new JarEntry(entry));
      in.transferTo(jarOut);
      jarOut.closeEntry();
    }
  }
}
