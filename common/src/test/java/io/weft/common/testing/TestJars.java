package io.weft.common.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Application jars made by a test: Java sources compiled with the JDK's compiler and packed into a jar. */
public final class TestJars {
  private TestJars() {}

  /**
   * Compiles {@code sources} (class name, without package, to source text) against this JVM's class
   * path and writes the classes into {@code jar}.
   */
  public static Path compile(Path jar, Map<String, String> sources) {
    try {
      Path work = Files.createTempDirectory(jar.getParent(), "javac");
      List<String> args = new ArrayList<>(List.of("-d", work.resolve("classes").toString(), "-cp",
          System.getProperty("java.class.path"), "--release", "17"));
      for (Map.Entry<String, String> source : sources.entrySet()) {
        args.add(Files.writeString(work.resolve(source.getKey() + ".java"), source.getValue()).toString());
      }
      JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
      if (javac.run(null, null, null, args.toArray(String[]::new)) != 0) {
        throw new IllegalStateException("test sources do not compile: " + sources.keySet());
      }
      return pack(work.resolve("classes"), jar);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Packs the files under {@code classes} into {@code jar}, in name order; returns the jar. */
  public static Path pack(Path classes, Path jar) {
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out);
        Stream<Path> files = Files.walk(classes)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        jarOut.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
        Files.copy(file, jarOut);
        jarOut.closeEntry();
      }
      return jar;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
