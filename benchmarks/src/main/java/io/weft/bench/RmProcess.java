package io.weft.bench;

import io.weft.common.config.KeyValues;
import io.weft.common.config.WeftConfig;
import io.weft.common.id.HostPort;
import io.weft.rm.ResourceManager;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A benchmark's ResourceManager in a JVM of its own, on ZGC as {@code bin/weft resourcemanager} runs it, its heap
 * touched in full at start ({@code -XX:+AlwaysPreTouch}, docs/design.md: "The ResourceManager's JVM"): the
 * simulated AMs and NMs that load it then leave their garbage, their collector's cycles and their threads' barriers
 * in a heap of their own, as real ones on other hosts do, and are not charged to the RM. It prints its addresses
 * when it is up, answers each {@code cpu} line on its standard input with its process CPU time in nanoseconds,
 * and stops when its standard input closes.
 */
final class RmProcess implements AutoCloseable {
  private static final String READY = "ready ";
  private static final String CPU = "cpu";
  private final Process process;
  private final BufferedReader out;
  private final PrintWriter in;
  private final HostPort address;
  private final HostPort webAddress;

  private RmProcess(Process process, BufferedReader out, HostPort address, HostPort webAddress) {
    this.process = process;
    this.out = out;
    this.in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
    this.address = address;
    this.webAddress = webAddress;
  }

  /** Starts an RM with {@code config} (heap {@code heap}, e.g. {@code 2g}, all touched) and waits until it serves. */
  static RmProcess start(Map<String, String> config, String heap) throws IOException {
    List<String> args = new ArrayList<>();
    config.forEach((key, value) -> args.add(key + "=" + value));
    Process process = new ProcessBuilder(ChildJvm.command(List.of("-Xms" + heap, "-Xmx" + heap, "-XX:+AlwaysPreTouch",
        "-XX:+UseZGC", "-Dlog4j2.configurationFile=classpath:log4j2-bench.xml"), RmProcess.class, args))
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      if (line.startsWith(READY)) {
        String[] addresses = line.substring(READY.length()).split(" ");
        return new RmProcess(process, out, HostPort.parse(addresses[0], "rm"), HostPort.parse(addresses[1], "web"));
      }
    }
    process.destroyForcibly();
    throw new IllegalStateException("the benchmark's RM (pid " + process.pid() + ") ended before it served; its "
        + "errors are above");
  }

  HostPort address() {
    return address;
  }

  HostPort webAddress() {
    return webAddress;
  }

  /** The CPU time the RM's process has used, in nanoseconds. */
  long cpuNanos() throws IOException {
    in.println(CPU);
    String answer = out.readLine();
    if (answer == null) {
      throw new IllegalStateException("the benchmark's RM (pid " + process.pid() + ") ended during the run");
    }
    return Long.parseLong(answer);
  }

  /** Stops the RM: closes its input, then kills it if it has not ended within 30 s. */
  @Override
  public void close() {
    in.close();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  /** Runs the RM with the {@code key=value} settings given until standard input ends. */
  public static void main(String[] args) throws IOException {
    Map<String, String> config = KeyValues.parse(List.of(args), "RmProcess's argument");
    PrintStream answers = System.out;
    System.setOut(System.err); // whatever else prints goes with the logs, not between the answers
    try (ResourceManager rm = new ResourceManager(WeftConfig.of(config));
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      rm.start();
      answers.println(READY + rm.address() + " " + rm.webAddress());
      answers.flush();
      var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      for (String line = commands.readLine(); line != null; line = commands.readLine()) {
        if (line.equals(CPU)) {
          answers.println(os.getProcessCpuTime());
          answers.flush();
        }
      }
    }
  }
}
