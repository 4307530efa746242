package io.weft.common.rocks;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.util.Environment;

class RocksLibraryTest {
  @TempDir
  Path tmp;

  @Test
  void theLibraryIsCopiedOnce_asTheJarHasIt_andLaterCallsFindThatCopy() throws IOException {
    Path root = tmp.resolve("weft-native");
    Path dir = RocksLibrary.copyIn(root);
    Path library = dir.resolve(Environment.getJniLibraryFileName("rocksdbjni"));
    byte[] inJar;
    try (InputStream in = RocksDB.class.getClassLoader()
        .getResourceAsStream(Environment.getJniLibraryFileName("rocksdb"))) {
      inJar = in.readAllBytes();
    }
    assertThat(Files.readAllBytes(library)).isEqualTo(inJar);
    Object copy = Files.readAttributes(library, BasicFileAttributes.class).fileKey();

    assertThat(RocksLibrary.copyIn(root)).isEqualTo(dir);
    assertThat(Files.readAttributes(library, BasicFileAttributes.class).fileKey())
        .isEqualTo(copy);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(library);
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root))).isEqualTo("rwx------");
  }

  @Test
  void aDirectoryOthersMayWriteIn_orALink_isNotTrusted() throws IOException {
    Path open = Files.createDirectory(tmp.resolve("open"));
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
    assertThatThrownBy(() -> RocksLibrary.copyIn(open)).isInstanceOf(IOException.class)
        .hasMessageContaining(open.toString()).hasMessageContaining("rwxrwxrwx");

    Path target = Files.createDirectory(tmp.resolve("target"),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Path link = Files.createSymbolicLink(tmp.resolve("link"), target);
    assertThatThrownBy(() -> RocksLibrary.copyIn(link)).isInstanceOf(IOException.class)
        .hasMessageContaining(link + " is not a directory (or is a link)");
  }

  /**
   * The leak this class exists for: a JVM with a store open, killed -9, left RocksJava's 15 MB copy in the temporary
   * directory. Two such JVMs here leave the one shared copy and nothing else.
   */
  @Test
  void jvmsKilledWithAStoreOpen_leaveNoCopyOfTheirOwn() throws Exception {
    for (int i = 0; i < 2; i++) {
      Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path"), StoreHolder.class.getName(),
          tmp.resolve("db-" + i).toString()).redirectErrorStream(true).start();
      try (BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(), UTF_8))) {
        assertThat(out.lines().filter(StoreHolder.OPEN::equals).findFirst()).isPresent();
      } finally {
        jvm.destroyForcibly(); // SIGKILL: no shutdown hook, no delete-on-exit
        assertThat(jvm.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }
    }
    try (Stream<Path> left = Files.walk(tmp)) {
      assertThat(left.filter(Files::isRegularFile).filter(f -> f.getFileName().toString().endsWith(".so")).toList())
          .singleElement().satisfies(f -> assertThat(f).startsWith(tmp.resolve("weft-native-"
              + System.getProperty("user.name"))));
    }
  }

  /** Opens a store in the directory it is given, says so, and holds it until killed (or its input closes). */
  public static final class StoreHolder {
    static final String OPEN = "store open";

    public static void main(String[] args) throws Exception {
      RocksLibrary.load();
      try (Options options = new Options().setCreateIfMissing(true);
          RocksDB db = RocksDB.open(options, args[0])) {
        db.put("k".getBytes(UTF_8), "v".getBytes(UTF_8));
        System.out.println(OPEN);
        System.out.flush();
        System.in.transferTo(OutputStream.nullOutputStream());
      }
    }
  }
}
