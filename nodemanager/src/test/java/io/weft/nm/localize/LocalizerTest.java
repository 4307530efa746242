package io.weft.nm.localize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.id.ApplicationId;
import io.weft.common.id.ContainerId;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalizerTest {
  private static final ContainerId ID = new ContainerId(new ApplicationAttemptId(new ApplicationId(1L, 1), 1), 1);

  @TempDir Path dir;
  private Path work;
  private final AtomicInteger fetches = new AtomicInteger();
  private final java.util.List<ContainerId> fetchedFor = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final Map<String, byte[]> staged = new java.util.HashMap<>();
  private Localizer localizer;

  @BeforeEach
  void setUp() throws Exception {
    work = Files.createDirectories(dir.resolve("work"));
    StagedFileSource source = (container, sha, target) -> {
      fetches.incrementAndGet();
      fetchedFor.add(container);
      byte[] bytes = staged.get(sha);
      if (bytes == null) {
        throw new java.io.IOException("staging has no " + sha);
      }
      Files.write(target, bytes);
    };
    localizer = new Localizer(dir.resolve("local"), source, HttpClient.newHttpClient(), Duration.ofSeconds(10));
  }

  @Test
  void fileResource_isCopied_andLocalResource_isSymlinked() throws Exception {
    Path source = Files.writeString(dir.resolve("data.txt"), "payload");
    localizer.localize(ID, Map.of(
        "copied", LocalResourceSpec.file(source.toUri().toString()),
        "linked", LocalResourceSpec.file("local:" + source)), work);

    assertThat(work.resolve("copied")).isRegularFile().hasContent("payload");
    assertThat(Files.isSymbolicLink(work.resolve("copied"))).isFalse();
    assertThat(Files.isSymbolicLink(work.resolve("linked"))).isTrue();
    assertThat(Files.readSymbolicLink(work.resolve("linked"))).isEqualTo(source);
  }

  @Test
  void stagedResource_ofAnotherApplication_isFetchedAsThatApplication_notTakenFromTheCache() throws Exception {
    byte[] content = "alice's jar".getBytes(StandardCharsets.UTF_8);
    String sha = Digests.sha256(Files.write(dir.resolve("tmp"), content));
    staged.put(sha, content);
    ContainerId stranger = new ContainerId(new ApplicationAttemptId(new ApplicationId(1L, 99), 1), 1);

    localizer.localize(ID, Map.of("app.jar", LocalResourceSpec.file("staging:" + sha)), work);
    localizer.localize(stranger, Map.of("app.jar", LocalResourceSpec.file("staging:" + sha)),
        Files.createDirectories(dir.resolve("work2")));

    assertThat(fetchedFor).containsExactly(ID, stranger);
  }

  @Test
  void stagedResource_isFetchedOnceIntoTheCache() throws Exception {
    byte[] content = "jar bytes".getBytes(StandardCharsets.UTF_8);
    String sha = Digests.sha256(Files.write(dir.resolve("tmp"), content));
    staged.put(sha, content);
    Path otherWork = Files.createDirectories(dir.resolve("work2"));

    localizer.localize(ID, Map.of("app.jar", LocalResourceSpec.file("staging:" + sha)), work);
    localizer.localize(ID, Map.of("app.jar", LocalResourceSpec.file("staging:" + sha)), otherWork);

    assertThat(fetches.get()).isEqualTo(1);
    assertThat(Files.readAllBytes(otherWork.resolve("app.jar"))).isEqualTo(content);
  }

  @Test
  void stagedContentNotMatchingItsDigest_failsAndIsNotCached() {
    String sha = "a".repeat(64);
    staged.put(sha, "wrong".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> localizer.localize(ID, Map.of("app.jar", LocalResourceSpec.file("staging:" + sha)), work))
        .isInstanceOf(LocalizationException.class)
        .hasMessageContaining("cannot localize resource 'app.jar' (staging:" + sha + ") for " + ID)
        .hasMessageContaining("expected " + sha);
    assertThat(dir.resolve("local/filecache").resolve(ID.applicationId().toString()).resolve(sha)).doesNotExist();
  }

  @Test
  void sizeAndDigestMismatches_nameTheFigures() throws Exception {
    Path source = Files.writeString(dir.resolve("f"), "12345");
    assertThatThrownBy(() -> localizer.localize(ID, Map.of("f", new LocalResourceSpec(source.toUri().toString(),
        LocalResourceSpec.Type.FILE, 9, "")), work))
        .hasMessageContaining("its size is 5 bytes, expected 9");
    assertThatThrownBy(() -> localizer.localize(ID, Map.of("g", new LocalResourceSpec(source.toUri().toString(),
        LocalResourceSpec.Type.FILE, 0, "b".repeat(64))), work))
        .hasMessageContaining("expected " + "b".repeat(64));
  }

  @Test
  void archive_isUnpackedIntoADirectoryOfTheLinkName() throws Exception {
    Path zip = dir.resolve("libs.zip");
    try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
      z.putNextEntry(new ZipEntry("lib/a.txt"));
      z.write("A".getBytes(StandardCharsets.UTF_8));
      z.closeEntry();
    }
    localizer.localize(ID, Map.of("libs", new LocalResourceSpec(zip.toUri().toString(),
        LocalResourceSpec.Type.ARCHIVE, 0, "")), work);
    assertThat(work.resolve("libs/lib/a.txt")).hasContent("A");
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "tar {0}")
  @org.junit.jupiter.params.provider.ValueSource(strings = {"czf", "cf"})
  void tarArchive_gzippedOrNot_isUnpackedWithItsExecutableBits(String tarFlags) throws Exception {
    Path tree = Files.createDirectories(dir.resolve("tree/bin"));
    Files.writeString(tree.resolve("run.sh"), "echo hi");
    Files.setPosixFilePermissions(tree.resolve("run.sh"), java.nio.file.attribute.PosixFilePermissions.fromString(
        "rwxr-xr-x"));
    String longName = "d".repeat(120) + ".txt"; // beyond ustar's 100-character name field
    Files.writeString(tree.resolve(longName), "long");
    Path archive = dir.resolve("env.archive"); // no telling name: the localizer goes by the content
    Process tar = new ProcessBuilder("tar", tarFlags, archive.toString(), "-C", dir.resolve("tree").toString(), ".")
        .inheritIO().start();
    assertThat(tar.waitFor()).isZero();

    localizer.localize(ID, Map.of("env", new LocalResourceSpec(archive.toUri().toString(),
        LocalResourceSpec.Type.ARCHIVE, 0, "")), work);

    assertThat(work.resolve("env/bin/run.sh")).hasContent("echo hi").isExecutable();
    assertThat(work.resolve("env/bin/" + longName)).hasContent("long");
  }

  @Test
  void notAnArchive_failsTheLocalization() throws Exception {
    Path text = Files.writeString(dir.resolve("plain.txt"), "just text");
    assertThatThrownBy(() -> localizer.localize(ID, Map.of("p", new LocalResourceSpec(text.toUri().toString(),
        LocalResourceSpec.Type.ARCHIVE, 0, "")), work)).hasMessageContaining("not a zip, jar, tar or gzipped tar");
  }

  @Test
  void missingFile_badLinkAndUnknownScheme_areNamed() {
    assertThatThrownBy(() -> localizer.localize(ID, Map.of("x", LocalResourceSpec.file("file:/no/such/file")), work))
        .hasMessageContaining("'x' (file:/no/such/file)").hasMessageContaining("no such file");
    assertThatThrownBy(() -> localizer.localize(ID, Map.of("../x", LocalResourceSpec.file("file:/etc/hostname")), work))
        .hasMessageContaining("link name must be a plain file name");
    assertThatThrownBy(() -> localizer.localize(ID, Map.of("x", LocalResourceSpec.file("ftp://h/x")), work))
        .hasMessageContaining("unsupported scheme 'ftp'");
  }

  @Test
  void httpResource_isDownloaded_andAnErrorStatusFailsIt() throws Exception {
    com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
        new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/file.txt", exchange -> {
      byte[] body = "over http".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    try {
      String base = "http://127.0.0.1:" + server.getAddress().getPort();
      localizer.localize(ID, Map.of("f", LocalResourceSpec.file(base + "/file.txt")), work);
      assertThat(work.resolve("f")).hasContent("over http");
      assertThatThrownBy(() -> localizer.localize(ID, Map.of("g", LocalResourceSpec.file(base + "/missing")), work))
          .hasMessageContaining("HTTP GET answered 404");
      assertThat(work.resolve("g")).doesNotExist();
    } finally {
      server.stop(0);
    }
  }
}
