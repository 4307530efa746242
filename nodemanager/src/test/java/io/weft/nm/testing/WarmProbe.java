package io.weft.nm.testing;

import io.weft.common.launch.ContainerEnvironment;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A container main for warm-JVM tests that reports what a container sees, on stdout, as {@code key=value}
 * lines. {@code report <code>}: environment, working directory and properties, then exit with code;
 * {@code throw}: an uncaught exception; {@code hang}: a shutdown hook that never ends (SIGTERM, then SIGKILL);
 * {@code hold <MB>}: a child process holding that much memory; {@code log}: an INFO and a WARN line through log4j
 * (to stderr with Weft's configuration), then exit 0.
 */
public final class WarmProbe {
  private WarmProbe() {}

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "report" -> report(args);
      case "throw" -> throw new IllegalStateException("boom from the probe");
      case "hang" -> hang();
      case "hold" -> hold(Long.parseLong(args[1]));
      case "log" -> log();
      default -> throw new IllegalArgumentException(args[0]);
    }
  }

  private static void report(String[] args) throws Exception {
    System.out.println("CONTAINER_ID=" + ContainerEnvironment.get("CONTAINER_ID").orElse("-"));
    System.out.println("PROBE_VAR=" + ContainerEnvironment.get("PROBE_VAR").orElse("-"));
    System.out.println("PATH set=" + ContainerEnvironment.get("PATH").isPresent());
    System.out.println("workingDirectory=" + ContainerEnvironment.workingDirectory());
    System.out.println("user.dir=" + System.getProperty("user.dir"));
    System.out.println("absolute=" + Path.of("").toAbsolutePath());
    System.out.println("file=" + new File("x").getAbsoluteFile().getParent());
    System.out.println("probe.flag=" + System.getProperty("probe.flag"));
    System.out.println("args=" + String.join(" ", List.of(args).subList(2, args.length)));
    Files.writeString(Path.of("written-relative.txt"), "here");
    System.err.println("to stderr");
    System.exit(Integer.parseInt(args[1]));
  }

  private static void log() {
    org.apache.logging.log4j.Logger log = org.apache.logging.log4j.LogManager.getLogger(WarmProbe.class);
    String id = ContainerEnvironment.get("CONTAINER_ID").orElse("-");
    log.info("info logged by {}", id);
    log.warn("warning logged by {}", id);
    org.apache.logging.log4j.LogManager.shutdown();
  }

  private static void hang() throws InterruptedException {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.out.println("shutdown hook ran");
      System.out.flush();
      try {
        Thread.sleep(Long.MAX_VALUE);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }));
    System.out.println("hanging");
    Thread.sleep(Long.MAX_VALUE);
  }

  private static void hold(long mb) throws Exception {
    new ProcessBuilder("bash", "-c", "{ head -c " + mb + "M /dev/zero; sleep 600; } | tail -n 1 > /dev/null")
        .inheritIO().start().waitFor();
  }
}
