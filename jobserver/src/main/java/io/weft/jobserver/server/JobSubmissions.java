package io.weft.jobserver.server;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.weft.common.rpc.WeftException;
import io.weft.common.web.WebRequest;
import io.weft.jobserver.Job;
import io.weft.jobserver.JobServerKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.jar.JarFile;
import java.util.regex.Pattern;

/**
 * Turns a {@code POST /jobs} into a {@link JobRequest}, or an INVALID_ARGUMENT (400) naming the value and the
 * limit. The fields come from the query ({@code className}, {@code arg} repeated, {@code isolated}) with the jar's
 * bytes as the body, or from a JSON body ({@code {"className", "args", "isolated"}}) for a class already on the
 * server's class path. The class must be a {@link Job} or have {@code public static void main(String[])}.
 */
final class JobSubmissions {
  private static final Pattern CLASS_NAME = Pattern.compile("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*");
  private static final Set<String> JSON_FIELDS = Set.of("className", "args", "isolated");
  private static final int MAX_ARGS = 1000;

  private final Path jarDir;
  private final ClassLoader serverClasses;
  private final long maxJarBytes;
  private final AtomicInteger nextUpload = new AtomicInteger();

  JobSubmissions(Path jarDir, ClassLoader serverClasses, long maxJarBytes) {
    this.jarDir = requireNonNull(jarDir);
    this.serverClasses = requireNonNull(serverClasses);
    this.maxJarBytes = maxJarBytes;
  }

  JobRequest fromQuery(WebRequest r, String user) {
    String className = requireClassName(r.query("className", null));
    List<String> args = r.queryList("arg");
    requireArgs(args.size());
    boolean isolated = bool("isolated", r.query("isolated", "false"));
    byte[] body = r.body();
    Optional<Path> jar = body.length == 0 ? Optional.empty() : Optional.of(store(body));
    try {
      requireEntryClass(className, jar);
    } catch (RuntimeException e) {
      jar.ifPresent(JobSubmissions::deleteQuietly);
      throw e;
    }
    return new JobRequest(className, args, isolated, jar, user);
  }

  JobRequest fromJson(JsonNode body, String user) {
    if (!body.isObject()) {
      throw WeftException.invalidArgument("the JSON body must be an object with className, args and isolated; got "
          + body.getNodeType().name().toLowerCase(Locale.ROOT));
    }
    for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!JSON_FIELDS.contains(name)) {
        throw WeftException.invalidArgument("unknown field '" + name + "'; a JSON submission takes " + JSON_FIELDS
            + " (a jar is sent as the body, with the fields in the query)");
      }
    }
    JsonNode classNode = body.get("className");
    if (classNode != null && !classNode.isTextual()) {
      throw WeftException.invalidArgument("className must be a string, got " + classNode);
    }
    String className = requireClassName(classNode == null ? null : classNode.asText());
    List<String> args = new ArrayList<>();
    JsonNode argsNode = body.get("args");
    if (argsNode != null && !argsNode.isNull()) {
      if (!argsNode.isArray()) {
        throw WeftException.invalidArgument("args must be an array of strings, got " + argsNode);
      }
      requireArgs(argsNode.size());
      for (JsonNode arg : argsNode) {
        if (!arg.isValueNode() || arg.isNull()) {
          throw WeftException.invalidArgument("args must be an array of strings; element " + arg + " is not one");
        }
        args.add(arg.asText());
      }
    }
    JsonNode isolatedNode = body.get("isolated");
    if (isolatedNode != null && !isolatedNode.isBoolean()) {
      throw WeftException.invalidArgument("isolated must be true or false, got " + isolatedNode);
    }
    requireEntryClass(className, Optional.empty());
    return new JobRequest(className, args, isolatedNode != null && isolatedNode.asBoolean(), Optional.empty(), user);
  }

  private static String requireClassName(String className) {
    if (className == null || className.isBlank()) {
      throw WeftException.invalidArgument("className is missing: name the job's class (an io.weft.jobserver.Job, or"
          + " a class with public static void main(String[]))");
    }
    if (!CLASS_NAME.matcher(className).matches()) {
      throw WeftException.invalidArgument("className '" + className + "' is not a Java class name");
    }
    return className;
  }

  private static void requireArgs(int count) {
    if (count > MAX_ARGS) {
      throw WeftException.invalidArgument(count + " arguments exceed the limit of " + MAX_ARGS);
    }
  }

  private static boolean bool(String name, String value) {
    String text = value.strip().toLowerCase(Locale.ROOT);
    if (!text.equals("true") && !text.equals("false")) {
      throw WeftException.invalidArgument(name + " '" + value + "' must be true or false");
    }
    return Boolean.parseBoolean(text);
  }

  /** Writes an upload into the jar directory after checking its size and that it is a jar. */
  private Path store(byte[] bytes) {
    if (bytes.length > maxJarBytes) { // the web server refuses bigger bodies first; kept for a direct caller
      throw WeftException.invalidArgument("the uploaded jar of " + bytes.length + " bytes exceeds the limit of "
          + maxJarBytes + " bytes (" + JobServerKeys.MAX_JAR_SIZE.key() + ")");
    }
    Path jar = jarDir.resolve("upload-" + nextUpload.incrementAndGet() + ".jar");
    try {
      Files.createDirectories(jarDir);
      Files.write(jar, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store an uploaded jar in " + jarDir + ": " + e.getMessage(), e);
    }
    try (JarFile file = new JarFile(jar.toFile())) {
      file.size();
    } catch (IOException e) {
      deleteQuietly(jar);
      throw WeftException.invalidArgument("the request body (" + bytes.length + " bytes) is not a jar: "
          + e.getMessage() + "; send the jar's bytes as the body, the fields in the query");
    }
    return jar;
  }

  /** The class must exist (in the jar, else on the server's class path) and be a Job or have a main method. */
  private void requireEntryClass(String className, Optional<Path> jar) {
    URLClassLoader probe = null;
    try {
      ClassLoader loader = serverClasses;
      if (jar.isPresent()) {
        probe = new URLClassLoader("weft-jobserver-probe", new URL[] {jar.get().toUri().toURL()}, serverClasses);
        loader = probe;
      }
      Class<?> entry;
      try {
        entry = Class.forName(className, false, loader);
      } catch (ClassNotFoundException | LinkageError e) {
        throw WeftException.invalidArgument("class " + className + " is not in " + (jar.isPresent()
            ? "the uploaded jar or " : "") + "the job server's class path" + (e instanceof LinkageError
            ? " (" + e + ")" : ""));
      }
      if (!Job.class.isAssignableFrom(entry) && !hasMain(entry)) {
        throw WeftException.invalidArgument("class " + className + " is neither an io.weft.jobserver.Job nor has"
            + " public static void main(String[])");
      }
    } catch (java.net.MalformedURLException e) {
      throw new IllegalStateException(e);
    } finally {
      if (probe != null) {
        try {
          probe.close();
        } catch (IOException e) {
          // a probe loader that cannot close only holds a file open until collected
        }
      }
    }
  }

  private static boolean hasMain(Class<?> entry) {
    try {
      Method main = entry.getMethod("main", String[].class);
      return Modifier.isStatic(main.getModifiers()) && main.getReturnType() == void.class;
    } catch (NoSuchMethodException | LinkageError e) {
      return false;
    }
  }

  static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // left in the container's working directory, removed with it
    }
  }
}
