package io.weft.common.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.ToolProvider;

/**
 * Runs the JDK's javadoc tool, with every doclint check but missing comments, over a module's public packages (the
 * build has no javadoc plugin: it is not in the offline repository). Run from a module's test, whose working
 * directory is the module.
 */
public final class PublicJavadoc {
  private PublicJavadoc() {}

  /** What javadoc said writing {@code packages} into {@code out}; empty when it built cleanly. */
  public static String problems(Path out, List<String> packages) {
    ByteArrayOutputStream messages = new ByteArrayOutputStream();
    List<String> args = new ArrayList<>(List.of("-quiet", "-d", out.toString(), "-sourcepath",
        Path.of("src", "main", "java").toString(), "-cp", System.getProperty("java.class.path"),
        "-Xdoclint:all,-missing"));
    args.addAll(packages);
    int exit = ToolProvider.getSystemDocumentationTool().run(null, messages, messages, args.toArray(String[]::new));
    String said = messages.toString(StandardCharsets.UTF_8).strip();
    return exit == 0 && !said.contains("warning:") ? "" : "javadoc exited " + exit + ":\n" + said;
  }
}
