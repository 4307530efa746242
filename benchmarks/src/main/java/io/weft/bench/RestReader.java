package io.weft.bench;

import io.weft.common.id.HostPort;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A REST client GETting the listing of every application ({@code /ws/v1/cluster/apps}) back to back, in a process
 * of its own at niceness 19 and under SCHED_IDLE: a dashboard polling the RM runs on another host and takes none of
 * the RM's CPU, and the nearest this one machine comes to that is a reader that gets only the CPU the RM leaves. In
 * the RM's own process the reader's client, its threads and its garbage competed with the RM for the two cores at the
 * RM's priority, and that, not the RM's reads, was what the allocations' latency showed. Its parent stops it by
 * closing its standard input; it then prints one line of what it got.
 */
public final class RestReader implements AutoCloseable {
  /** Runs the reader under SCHED_IDLE where it is there: below niceness 19, it never holds a core the RM wants. */
  private static final Path CHRT = Path.of("/usr/bin/chrt");
  private final Process process;

  private RestReader(Process process) {
    this.process = process;
  }

  /** Starts the reader's process against the RM's web address. */
  static RestReader start(HostPort web) throws IOException {
    List<String> command = new ArrayList<>();
    if (Files.isExecutable(CHRT)) {
      command.addAll(List.of(CHRT.toString(), "--idle", "0"));
    }
    command.addAll(List.of("nice", "-n", "19"));
    command.addAll(ChildJvm.command(List.of("-Xmx256m", "-XX:+UseSerialGC"), RestReader.class,
        List.of("http://" + web + "/ws/v1/cluster/apps")));
    return new RestReader(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start());
  }

  /** Stops the reader and prints what it got; fails when it said nothing. */
  void stopAndPrint() throws IOException, InterruptedException {
    process.getOutputStream().close();
    String said = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (!process.waitFor(60, TimeUnit.SECONDS) || said.isEmpty()) {
      throw new IllegalStateException("the REST reader (pid " + process.pid() + ") did not report within 60 s of "
          + "being told to stop");
    }
    System.out.println(said);
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }

  public static void main(String[] args) throws InterruptedException {
    URI uri = URI.create(args[0]);
    AtomicBoolean stop = new AtomicBoolean();
    Thread parentWatch = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
        while (in.readLine() != null) {
          // nothing is sent; end of input is the signal
        }
      } catch (IOException e) {
        // the parent is gone either way
      }
      stop.set(true);
    }, "parent-watch");
    parentWatch.setDaemon(true);
    parentWatch.start();
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest get = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build();
    long started = System.nanoTime();
    long ok = 0;
    long failed = 0;
    long bytes = 0;
    String lastFailure = "";
    while (!stop.get()) {
      try {
        HttpResponse<byte[]> response = http.send(get, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() == 200) {
          ok++;
          bytes += response.body().length;
        } else {
          failed++;
          lastFailure = "HTTP " + response.statusCode();
        }
      } catch (IOException e) {
        failed++;
        lastFailure = e.toString();
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    System.out.printf(Locale.ROOT, "REST reader (own process, nice 19, SCHED_IDLE where chrt is): %,d GET %s "
        + "answered in %.1f s (%,.0f/s, %,.0f KB each on average), %d failed%s%n", ok, uri.getPath(), seconds,
        ok / seconds, ok == 0 ? 0.0 : bytes / 1024.0 / ok, failed, failed == 0 ? "" : " (last: " + lastFailure + ")");
  }
}
