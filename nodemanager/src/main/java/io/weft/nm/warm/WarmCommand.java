package io.weft.nm.warm;

import static java.util.Objects.requireNonNull;

import io.weft.common.launch.Placeholders;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A container command a warm JVM can run: exactly the shape {@code JvmContainer.command} builds,
 * {@code {{JAVA_HOME}}/bin/java -Xmx<N>m -cp {{WEFT_CLASSPATH}} {{WEFT_JVM_OPTIONS}} [-Dkey=value ...] <main> args...},
 * or the one {@code AppSubmission.javaCommand} builds for a user's AM, whose class path has the user's jars before
 * Weft's: {@code -cp <jar>:...:{{WEFT_CLASSPATH}}} ({@link #userClassPath}; the NodeManager still starts it cold when
 * a jar holds a file Weft's class path has with other content, see {@link ClassPathIndex}).
 * The {@code -D} options become system properties the warm JVM sets before main; those the JVM or the JDK
 * read while starting ({@code java.*}, {@code jdk.*}, {@code sun.*}, {@code user.*}, {@code file.*} and
 * the like) would not take effect that late, so a command with one starts cold, as does any other option,
 * another class path (a directory, a wildcard, anything after Weft's) or another java.
 *
 * @param userClassPath the jars before Weft's class path, as the command gives them (placeholders unexpanded)
 */
public record WarmCommand(long heapMb, List<String> userClassPath, Map<String, String> systemProperties,
    String mainClass, List<String> args) {
  private static final String WEFT_CLASSPATH_AFTER = ":" + Placeholders.WEFT_CLASSPATH;
  private static final Pattern HEAP = Pattern.compile("-Xmx([1-9][0-9]{0,8})m");
  private static final Pattern MAIN_CLASS =
      Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*");
  private static final Pattern PROPERTY = Pattern.compile("-D([A-Za-z0-9_.$-]+)(?:=(.*))?", Pattern.DOTALL);
  /** Read by the JVM or JDK at start-up, or describing the process: setting them later changes nothing. */
  private static final List<String> STARTUP_PROPERTY_PREFIXES = List.of("java.", "jdk.", "sun.", "user.", "file.",
      "os.", "line.", "path.", "native.", "stdout.", "stderr.", "javax.", "com.sun.",
      // read by gRPC and Netty classes that a warm JVM initializes before its claim (WarmJvm.initializedEarly)
      "io.grpc.", "io.netty.",
      // read by log4j as it starts, which a warm JVM does before its claim (EarlyLogging)
      "log4j", "Log4j", "org.apache.logging.",
      // read by Jackson's classes, initialized before the claim too
      "com.fasterxml.jackson.",
      // read by the platform MBean server, which a warm JVM builds before its claim
      "jmx.");

  public WarmCommand {
    userClassPath = List.copyOf(userClassPath);
    systemProperties = Map.copyOf(systemProperties);
    requireNonNull(mainClass);
    args = List.copyOf(args);
  }

  /** The warm-eligible reading of {@code command} (placeholders not yet expanded); empty when it must start cold. */
  public static Optional<WarmCommand> of(List<String> command) {
    if (command.size() < 6 || !command.get(0).equals(Placeholders.JAVA) || !command.get(2).equals("-cp")
        || !command.get(4).equals(Placeholders.WEFT_JVM_OPTIONS)) {
      return Optional.empty();
    }
    Optional<List<String>> userClassPath = userClassPath(command.get(3));
    if (userClassPath.isEmpty()) {
      return Optional.empty();
    }
    Matcher heap = HEAP.matcher(command.get(1));
    if (!heap.matches()) {
      return Optional.empty();
    }
    Map<String, String> properties = new LinkedHashMap<>();
    int at = 5;
    for (; at < command.size() && command.get(at).startsWith("-"); at++) {
      Matcher property = PROPERTY.matcher(command.get(at));
      if (!property.matches() || setAtStartup(property.group(1))) {
        return Optional.empty();
      }
      properties.put(property.group(1), property.group(2) == null ? "" : property.group(2));
    }
    if (at >= command.size() || !MAIN_CLASS.matcher(command.get(at)).matches()) {
      return Optional.empty();
    }
    return Optional.of(new WarmCommand(Long.parseLong(heap.group(1)), userClassPath.get(), properties,
        command.get(at), command.subList(at + 1, command.size())));
  }

  /**
   * The jars before {@code {{WEFT_CLASSPATH}}} in {@code classpath}; empty when it is not that shape. A warm
   * JVM adds files to its class path, so a directory (no {@code .jar}) or a wildcard starts cold.
   */
  private static Optional<List<String>> userClassPath(String classpath) {
    if (classpath.equals(Placeholders.WEFT_CLASSPATH)) {
      return Optional.of(List.of());
    }
    if (!classpath.endsWith(WEFT_CLASSPATH_AFTER)) {
      return Optional.empty();
    }
    List<String> jars = List.of(classpath.substring(0, classpath.length() - WEFT_CLASSPATH_AFTER.length())
        .split(":", -1));
    boolean files = jars.stream().allMatch(jar -> jar.endsWith(".jar") && !jar.contains("*")
        && !jar.contains(Placeholders.WEFT_CLASSPATH));
    return files ? Optional.of(jars) : Optional.empty();
  }

  private static boolean setAtStartup(String key) {
    return STARTUP_PROPERTY_PREFIXES.stream().anyMatch(key::startsWith);
  }
}
