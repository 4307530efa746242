package io.weft.nm.warm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real jars and a class directory as Weft's class path, and a user's jars checked against it. */
class ClassPathIndexTest {
  @TempDir Path dir;
  private ClassPathIndex index;

  @BeforeEach
  void weftsClassPath() throws IOException {
    Path lib = Files.createDirectories(dir.resolve("lib"));
    jar(lib.resolve("weft.jar"), Map.of("io/weft/A.class", "A of Weft", "weft.properties", "x=1",
        "module-info.class", "Weft's module", "META-INF/versions/11/module-info.class", "Weft's module"), null);
    Path classes = Files.createDirectories(dir.resolve("classes/io/weft"));
    Files.writeString(classes.resolve("B.class"), "B of Weft");
    index = ClassPathIndex.of(dir.resolve("classes") + ":" + lib + "/*");
  }

  @Test
  void aJarOfItsOwnClasses_mayFollowWeftsClassPath() throws IOException {
    Path user = jar(dir.resolve("user.jar"), Map.of("com/example/Main.class", "main", "app.properties", "y"), null);
    assertThat(index.conflict(List.of(user))).isEmpty();
  }

  @Test
  void filesWeftsClassPathHasWithTheSameContent_andAnotherManifestOrModuleDescriptor_areNoConflict()
      throws IOException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "com.example.Main");
    Path user = jar(dir.resolve("user.jar"), Map.of("io/weft/A.class", "A of Weft", "io/weft/B.class", "B of Weft",
        "module-info.class", "the user's module", "META-INF/versions/11/module-info.class", "the user's module"),
        manifest);
    assertThat(index.conflict(List.of(user))).isEmpty();
  }

  @Test
  void aFileWeftsClassPathHasWithOtherContent_isAConflictNamingItAndBothPlaces() throws IOException {
    Path fine = jar(dir.resolve("fine.jar"), Map.of("com/example/Main.class", "main"), null);
    Path inJar = jar(dir.resolve("a.jar"), Map.of("io/weft/A.class", "another A"), null);
    Path inDirectory = jar(dir.resolve("b.jar"), Map.of("io/weft/B.class", "another B"), null);

    assertThat(index.conflict(List.of(fine, inJar))).hasValueSatisfying(why -> assertThat(why)
        .contains("io/weft/A.class", inJar.toString(), dir.resolve("lib/weft.jar").toString()));
    assertThat(index.conflict(List.of(inDirectory))).hasValueSatisfying(why -> assertThat(why)
        .contains("io/weft/B.class", inDirectory.toString(), dir.resolve("classes/io/weft/B.class").toString()));
  }

  @Test
  void aJarNamingMoreJarsInItsManifest_orOneThatCannotBeRead_isAConflict() throws IOException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, "other.jar");
    Path naming = jar(dir.resolve("naming.jar"), Map.of("com/example/Main.class", "main"), manifest);
    Path missing = dir.resolve("missing.jar");

    assertThat(index.conflict(List.of(naming))).hasValueSatisfying(why -> assertThat(why).contains("Class-Path"));
    assertThat(index.conflict(List.of(missing))).hasValueSatisfying(why -> assertThat(why)
        .contains("cannot read " + missing));
  }

  private static Path jar(Path path, Map<String, String> files, Manifest manifest) throws IOException {
    try (OutputStream out = Files.newOutputStream(path);
        JarOutputStream jar = manifest == null ? new JarOutputStream(out) : new JarOutputStream(out, manifest)) {
      for (Map.Entry<String, String> file : new LinkedHashMap<>(files).entrySet()) {
        jar.putNextEntry(new JarEntry(file.getKey()));
        jar.write(file.getValue().getBytes(StandardCharsets.UTF_8));
        jar.closeEntry();
      }
    }
    return path;
  }
}
