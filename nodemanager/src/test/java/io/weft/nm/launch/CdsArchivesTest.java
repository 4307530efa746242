package io.weft.nm.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weft.nm.testing.HelloJvm;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real JVMs launched with the options {@link CdsArchives} hands out, and the archives they map:
 * whether a class came from an archive is what the JVM itself reports ({@code -Xlog:class+load}).
 */
class CdsArchivesTest {
  private static final String MAIN = HelloJvm.class.getName();
  private static final String JAVA_HOME = System.getProperty("java.home");
  private static final String FROM_ARCHIVE = MAIN + " source: shared objects file";
  private static final Duration DUMP = Duration.ofMinutes(2);

  @TempDir Path dir;
  private Path lib;
  private Path cdsDir;
  private URL classList;
  private CdsArchives archives;

  @BeforeEach
  void setUp() throws IOException {
    lib = Files.createDirectories(dir.resolve("lib"));
    writeJar(lib.resolve("hello.jar"));
    cdsDir = dir.resolve("cds");
    // what the shipped list would hold for these JVMs: the main class and a JDK class it uses
    classList = Files.writeString(dir.resolve("weft.classlist"),
        MAIN.replace('.', '/') + "\njava/lang/String\n").toUri().toURL();
    archives = weftArchives(true);
  }

  @AfterEach
  void tearDown() {
    archives.close();
  }

  private CdsArchives weftArchives(boolean train) {
    return new CdsArchives(cdsDir, JAVA_HOME, lib + "/*", train, classList);
  }

  @Test
  void prepare_dumpsTheArchiveOfWeftsJvms_whichTheFirstLaunchAlreadyMaps() throws Exception {
    assertThat(archives.forLaunch(MAIN, "container_1").options()).as("before the archive exists").isEmpty();

    archives.prepare().get(DUMP.toMillis(), TimeUnit.MILLISECONDS);

    Path archive = cdsDir.resolve(archives.weftArchiveName());
    assertThat(archive).isRegularFile();
    assertThat(allFiles()).as("nothing but the archive left").containsExactly(archive);
    JvmLaunchOptions first = archives.forLaunch(MAIN, "container_1");
    assertThat(first.options()).containsExactly("-Xlog:cds*=off", "-XX:SharedArchiveFile=" + archive);
    Launched launched = launch(lib + "/*", first.options());
    assertThat(launched.exitCode()).isZero();
    assertThat(launched.output()).contains(FROM_ARCHIVE).contains("hello from x\n");
  }

  @Test
  void prepare_withoutTraining_stillMakesTheArchiveOfWeftsJvms() throws Exception {
    try (CdsArchives mapOnly = weftArchives(false)) {
      mapOnly.prepare().get(DUMP.toMillis(), TimeUnit.MILLISECONDS);

      assertThat(mapOnly.forLaunch(MAIN, "container_1").options()).hasSize(2);
    }
  }

  @Test
  void twoNodeManagersSharingTheDirectory_dumpOnce_andBothSeeTheArchive() throws Exception {
    try (CdsArchives other = weftArchives(true)) {
      CompletableFuture<Void> dumping = archives.prepare();
      CompletableFuture<Void> waiting = other.prepare();

      CompletableFuture.allOf(dumping, waiting).get(DUMP.toMillis(), TimeUnit.MILLISECONDS);

      assertThat(other.forLaunch(MAIN, "container_2").options()).hasSize(2);
      assertThat(allFiles()).singleElement().isEqualTo(cdsDir.resolve(archives.weftArchiveName()));
    }
  }

  @Test
  void prepare_deletesOnlyTheArchivesOfItsKindUnusedForADay() throws Exception {
    Files.createDirectories(cdsDir);
    Path unused = Files.writeString(cdsDir.resolve("weft-jvms-0123456789abcdef01234567.jsa"), "old build");
    Files.setLastModifiedTime(unused, FileTime.fromMillis(System.currentTimeMillis() - Duration.ofDays(2).toMillis()));
    Path inUse = Files.writeString(cdsDir.resolve("weft-jvms-fedcba9876543210fedcba98.jsa"), "another install");
    Path userArchive = Files.writeString(cdsDir.resolve("io.weft.Other-0123456789abcdef01234567.jsa"), "other");
    Files.setLastModifiedTime(userArchive, FileTime.fromMillis(0));

    archives.prepare().get(DUMP.toMillis(), TimeUnit.MILLISECONDS);

    assertThat(cdsDir.resolve(archives.weftArchiveName())).exists();
    assertThat(unused).doesNotExist();
    assertThat(inUse).exists();
    assertThat(userArchive).exists();
  }

  @Test
  void aBrokenArchive_neverFailsALaunch() throws Exception {
    Files.createDirectories(cdsDir);
    Path archive = Files.writeString(cdsDir.resolve(archives.weftArchiveName()), "not an archive");

    JvmLaunchOptions options = archives.forLaunch(MAIN, "container_1");
    assertThat(options.options()).contains("-XX:SharedArchiveFile=" + archive);
    Launched launched = launch(lib + "/*", options.options());

    assertThat(launched.exitCode()).isZero();
    assertThat(launched.output()).doesNotContain(FROM_ARCHIVE).contains("hello from x\n");
  }

  @Test
  void aRebuiltJar_changesTheArchive() throws Exception {
    String before = archives.weftArchiveName();
    Files.setLastModifiedTime(lib.resolve("hello.jar"), FileTime.fromMillis(1_000_000));

    assertThat(archives.weftArchiveName()).isNotEqualTo(before);
  }

  @Test
  void aJarRebuiltUnderARunningNode_getsItsNewArchiveInTheBackground() throws Exception {
    archives.prepare().get(DUMP.toMillis(), TimeUnit.MILLISECONDS);
    String before = archives.weftArchiveName();
    Files.setLastModifiedTime(lib.resolve("hello.jar"), FileTime.fromMillis(1_000_000));

    assertThat(archives.forLaunch(MAIN, "container_1").options()).as("nothing matches the rebuilt jar yet").isEmpty();

    Path rebuilt = cdsDir.resolve(archives.weftArchiveName());
    assertThat(rebuilt.getFileName().toString()).isNotEqualTo(before);
    await("the rebuilt jar's archive").atMost(DUMP).until(() -> Files.isRegularFile(rebuilt));
    assertThat(archives.forLaunch(MAIN, "container_2").options()).contains("-XX:SharedArchiveFile=" + rebuilt);
  }

  @Test
  void aClassPathWithADirectory_getsNoOptions() throws Exception {
    Path classes = Files.createDirectories(dir.resolve("classes/io"));
    try (CdsArchives withDirectory = new CdsArchives(cdsDir, JAVA_HOME, lib + "/*:" + classes.getParent(), true,
        classList)) {
      withDirectory.prepare().get(DUMP.toMillis(), TimeUnit.MILLISECONDS);

      assertThat(withDirectory.forLaunch(MAIN, "container_1").options()).isEmpty();
    }
    assertThat(cdsDir).doesNotExist();
  }

  @Test
  void somethingThatIsNotAMainClass_getsNoOptions() {
    assertThat(archives.forLaunch("-version", "container_1").options()).isEmpty();
    assertThat(archives.forLaunch("", "container_1").options()).isEmpty();
  }

  // A user's JVM: its jar localized into each container's directory, before the node's class path.

  @Test
  void userJvm_firstLaunchRecords_andTheNextContainersJvmMapsTheArchive_withUnchangedOutput() throws Exception {
    Path work1 = container("container_1");
    JvmLaunchOptions first = archives.forLaunch(MAIN, userClasspath(work1), work1, "container_1");
    assertThat(first.options()).singleElement().asString().startsWith("-XX:DumpLoadedClassList=" + cdsDir);
    Launched trained = launch(userClasspath(work1), first.options());
    assertThat(trained.output()).isEqualTo("hello from x\n");
    first.exited().accept(trained.exitCode());
    await("the user JVM's archive").atMost(DUMP).until(() -> archiveFiles().size() == 1);

    Path work2 = container("container_2");
    byte[] jarBytes = Files.readAllBytes(work2.resolve("app.jar"));
    JvmLaunchOptions second = archives.forLaunch(MAIN, userClasspath(work2), work2, "container_2");
    assertThat(second.options()).containsExactly("-Xlog:cds*=off", "-XX:SharedArchiveFile=" + archiveFiles().get(0));
    Launched shared = launch(userClasspath(work2), second.options());

    assertThat(shared.exitCode()).isZero();
    assertThat(shared.output()).contains(FROM_ARCHIVE).contains("hello from x\n");
    assertThat(work2.resolve("app.jar")).as("the container's jar, same bytes").hasBinaryContent(jarBytes);
  }

  @Test
  void aJvmWithMoreAfterTheNodesClassPath_mapsTheArchiveOfWeftsJvms() throws Exception {
    archives.prepare().get(DUMP.toMillis(), TimeUnit.MILLISECONDS);
    Path work = container("container_1");

    JvmLaunchOptions options = archives.forLaunch(MAIN, lib + "/*:" + work.resolve("app.jar"), work, "container_1");

    assertThat(options.options())
        .containsExactly("-Xlog:cds*=off", "-XX:SharedArchiveFile=" + cdsDir.resolve(archives.weftArchiveName()));
  }

  @Test
  void userJvm_withAnotherJar_getsAnotherArchive() throws Exception {
    Path work1 = container("container_1");
    JvmLaunchOptions first = archives.forLaunch(MAIN, userClasspath(work1), work1, "container_1");
    Path work2 = container("container_2");
    Files.writeString(work2.resolve("extra.jar"), "not the same class path");

    JvmLaunchOptions other = archives.forLaunch(MAIN, userClasspath(work2) + ":" + work2.resolve("extra.jar"), work2,
        "container_2");

    assertThat(first.options()).isNotEmpty();
    assertThat(other.options()).as("a training of its own, not a wait for the first").isNotEmpty();
  }

  @Test
  void userJvm_aBrokenArchive_neverFailsALaunch() throws Exception {
    Path work1 = container("container_1");
    JvmLaunchOptions first = archives.forLaunch(MAIN, userClasspath(work1), work1, "container_1");
    first.exited().accept(launch(userClasspath(work1), first.options()).exitCode());
    await("the user JVM's archive").atMost(DUMP).until(() -> archiveFiles().size() == 1);
    Path archive = archiveFiles().get(0);
    archive.toFile().setWritable(true);
    Files.writeString(archive, "corrupt");

    Path work2 = container("container_2");
    JvmLaunchOptions second = archives.forLaunch(MAIN, userClasspath(work2), work2, "container_2");
    assertThat(second.options()).contains("-XX:SharedArchiveFile=" + archive);
    Launched launched = launch(userClasspath(work2), second.options());

    assertThat(launched.exitCode()).isZero();
    assertThat(launched.output()).doesNotContain(FROM_ARCHIVE).contains("hello from x\n");
  }

  @Test
  void userJvm_aCopyWrittenSinceItWasMade_isMadeAgainBeforeAContainerLinksIt() throws Exception {
    trainUserArchive();
    Path copy = onlyCopy();
    Object writtenFile = fileKey(copy);
    copy.toFile().setWritable(true);
    Files.write(copy, Files.readAllBytes(copy)); // same bytes, but written: a container wrote through its link

    Path work2 = container("container_2");
    JvmLaunchOptions second = archives.forLaunch(MAIN, userClasspath(work2), work2, "container_2");
    Launched shared = launch(userClasspath(work2), second.options());

    assertThat(fileKey(work2.resolve("app.jar"))).as("never the written file").isNotEqualTo(writtenFile);
    assertThat(shared.output()).contains(FROM_ARCHIVE).contains("hello from x\n");
  }

  @Test
  void userJvm_copiesNoContainerLinkedForADay_areDeleted_andTheNextLaunchMakesThemAgainAndMapsTheArchive()
      throws Exception {
    trainUserArchive();
    StableJars twoDaysLater = new StableJars(cdsDir.resolve("jars"),
        Clock.offset(Clock.systemUTC(), Duration.ofDays(2)));

    twoDaysLater.deleteUnlinked(Duration.ofDays(1));
    assertThat(cdsDir.resolve("jars")).isEmptyDirectory();

    Path work2 = container("container_2");
    JvmLaunchOptions second = archives.forLaunch(MAIN, userClasspath(work2), work2, "container_2");
    Launched shared = launch(userClasspath(work2), second.options());
    assertThat(shared.output()).contains(FROM_ARCHIVE).contains("hello from x\n");

    twoDaysLater.deleteUnlinked(Duration.ofDays(1));
    assertThat(Files.isSameFile(work2.resolve("app.jar"), onlyCopy())).as("kept while a container links it").isTrue();
  }

  private void trainUserArchive() throws Exception {
    Path work1 = container("container_1");
    JvmLaunchOptions first = archives.forLaunch(MAIN, userClasspath(work1), work1, "container_1");
    first.exited().accept(launch(userClasspath(work1), first.options()).exitCode());
    await("the user JVM's archive").atMost(DUMP).until(() -> archiveFiles().size() == 1);
  }

  private Path onlyCopy() throws IOException {
    try (Stream<Path> copies = Files.list(cdsDir.resolve("jars"))) {
      List<Path> all = copies.toList();
      assertThat(all).hasSize(1);
      return all.get(0);
    }
  }

  private static Object fileKey(Path file) throws IOException {
    return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
  }

  @Test
  void userJvm_whileOneLaunchTrains_othersRunWithoutSharing() throws Exception {
    Path work1 = container("container_1");
    Path work2 = container("container_2");

    assertThat(archives.forLaunch(MAIN, userClasspath(work1), work1, "container_1").options()).isNotEmpty();
    assertThat(archives.forLaunch(MAIN, userClasspath(work2), work2, "container_2").options()).isEmpty();
  }

  @Test
  void userJvm_aTrainingThatLeftNoClassList_isRetried_thenGivenUp() throws Exception {
    Path work = container("container_1");
    for (int i = 0; i < CdsArchives.MAX_FAILED_TRAININGS; i++) {
      JvmLaunchOptions training = archives.forLaunch(MAIN, userClasspath(work), work, "container_" + i);
      assertThat(training.options()).as("attempt %d", i).isNotEmpty();
      training.exited().accept(137);
    }

    assertThat(archives.forLaunch(MAIN, userClasspath(work), work, "container_9").options()).isEmpty();
  }

  @Test
  void userJvm_withoutTraining_getsNoOptions() throws Exception {
    Path work = container("container_1");
    try (CdsArchives mapOnly = weftArchives(false)) {
      assertThat(mapOnly.forLaunch(MAIN, userClasspath(work), work, "container_1").options()).isEmpty();
    }
  }

  @Test
  void userJvm_withADirectoryOfItsOwn_getsNoOptions() throws Exception {
    Path work = container("container_1");
    Path classes = Files.createDirectories(work.resolve("classes"));

    assertThat(archives.forLaunch(MAIN, classes + ":" + userClasspath(work), work, "container_1").options()).isEmpty();
  }

  /** A container's working directory with the user's jar localized into it (a fresh file, as localization makes). */
  private Path container(String id) throws IOException {
    Path work = Files.createDirectories(dir.resolve(id));
    writeJar(work.resolve("app.jar"));
    return work;
  }

  private String userClasspath(Path work) {
    return work.resolve("app.jar") + ":" + lib + "/*";
  }

  private List<Path> archiveFiles() throws IOException {
    return allFiles().stream().filter(p -> p.toString().endsWith(".jsa")).toList();
  }

  private List<Path> allFiles() throws IOException {
    try (Stream<Path> files = Files.list(cdsDir)) {
      return files.filter(Files::isRegularFile).toList();
    }
  }

  private record Launched(int exitCode, String output) {}

  private Launched launch(String classpath, List<String> options) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(Path.of(JAVA_HOME, "bin", "java").toString(), "-cp", classpath));
    command.addAll(options);
    if (options.stream().anyMatch(o -> o.startsWith("-XX:SharedArchiveFile="))) {
      command.add("-Xlog:class+load=info:stdout:uptime"); // says where each class came from; after -Xlog:cds*=off
    }
    command.addAll(List.of(MAIN, "x"));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Launched(process.waitFor(), output);
  }

  private static void writeJar(Path jar) throws IOException {
    String entry = HelloJvm.class.getName().replace('.', '/') + ".class";
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out);
        InputStream in = HelloJvm.class.getClassLoader().getResourceAsStream(entry)) {
      JarEntry jarEntry = new JarEntry(entry);
      jarEntry.setTime(0); // the same bytes in every container, as a real user's jar
      jarOut.putNextEntry(jarEntry);
      in.transferTo(jarOut);
      jarOut.closeEntry();
    }
  }
}
