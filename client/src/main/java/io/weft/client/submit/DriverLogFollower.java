package io.weft.client.submit;

import static java.util.Objects.requireNonNull;

import io.weft.client.WeftClient;
import io.weft.common.id.ContainerId;
import io.weft.common.rpc.WeftException;
import io.weft.common.tls.TlsSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Streams a cluster-mode driver's output to the submitting terminal ({@code weft.submit.printDriverLog}):
 * reads the AM container's {@code stdout} and {@code stderr} from its NodeManager's log endpoint
 * ({@code /ws/v1/node/containerlogs/{id}/{file}?start=N}), each from the offset it reached, about
 * once a second, and prints what is new. A new attempt's AM container is followed from its start.
 * {@link #close} reads the rest once more (the NM keeps the files after the container ends) and stops.
 */
public final class DriverLogFollower implements AutoCloseable {
  static final Duration READ_INTERVAL = Duration.ofSeconds(1);
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final String[] FILES = {"stdout", "stderr"};

  private final WeftClient client;
  private final PrintStream out;
  private final PrintStream err;
  private final String scheme;
  private final HttpClient http;
  private final ScheduledExecutorService reader = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "driver-log");
    t.setDaemon(true);
    return t;
  });
  private ContainerId container;
  private String nodeHttpAddress;
  private final Map<String, Long> offsets = new LinkedHashMap<>();
  private boolean warned;

  /** Prints the driver's stdout to {@code out} and its stderr (and trouble reaching it) to {@code err}. */
  public DriverLogFollower(WeftClient client, TlsSettings tls, PrintStream out, PrintStream err) {
    this.client = requireNonNull(client);
    this.out = requireNonNull(out);
    this.err = requireNonNull(err);
    this.scheme = tls.scheme();
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(TIMEOUT);
    this.http = (tls.enabled() ? builder.sslContext(tls.sslContext()) : builder).build();
    reader.scheduleWithFixedDelay(this::readSafely, 0, READ_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The application's AM container is {@code amContainer} (from its latest report). */
  public synchronized void amContainer(ContainerId amContainer) {
    if (!amContainer.equals(container)) {
      container = amContainer;
      nodeHttpAddress = null;
      offsets.clear();
    }
  }

  private void readSafely() {
    try {
      read();
    } catch (RuntimeException e) {
      synchronized (this) {
        if (!warned) {
          warned = true;
          err.println("Cannot read the driver's log yet: " + e.getMessage());
        }
      }
    }
  }

  /** Prints what is new in each log file of the current AM container. */
  private synchronized void read() {
    if (container == null) {
      return;
    }
    if (nodeHttpAddress == null) {
      nodeHttpAddress = client.getContainerReport(container).getNodeHttpAddress();
    }
    for (String file : FILES) {
      long from = offsets.getOrDefault(file, 0L);
      while (true) {
        HttpResponse<byte[]> answer = get(file, from);
        if (answer.statusCode() == 404) {
          break; // not written yet
        }
        if (answer.statusCode() != 200) {
          throw WeftException.unavailable("the NodeManager " + nodeHttpAddress + " answered " + answer.statusCode()
              + " for " + file + " of " + container);
        }
        byte[] bytes = answer.body();
        (file.equals("stdout") ? out : err).write(bytes, 0, bytes.length);
        long end = rangeEnd(answer, from + bytes.length);
        offsets.put(file, end);
        if (bytes.length == 0 || end >= rangeLength(answer, end)) {
          break;
        }
        from = end; // a large log comes in slices: read on
      }
    }
    out.flush();
    err.flush();
  }

  private HttpResponse<byte[]> get(String file, long from) {
    URI uri = URI.create(scheme + "://" + nodeHttpAddress + "/ws/v1/node/containerlogs/" + container + "/" + file
        + "?start=" + from);
    try {
      return http.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(),
          HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw WeftException.unavailable("the NodeManager " + nodeHttpAddress + " is not reachable: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw WeftException.unavailable("interrupted while reading the driver's log");
    }
  }

  /** {@code X-Log-Range: start-end/length}. */
  private static long rangeEnd(HttpResponse<byte[]> answer, long fallback) {
    String range = answer.headers().firstValue("X-Log-Range").orElse("");
    int dash = range.indexOf('-');
    int slash = range.indexOf('/');
    try {
      return dash < 0 || slash < dash ? fallback : Long.parseLong(range.substring(dash + 1, slash));
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  private static long rangeLength(HttpResponse<byte[]> answer, long fallback) {
    String range = answer.headers().firstValue("X-Log-Range").orElse("");
    int slash = range.indexOf('/');
    try {
      return slash < 0 ? fallback : Long.parseLong(range.substring(slash + 1));
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  /** Reads what the driver wrote last, then stops. */
  @Override
  public void close() {
    reader.shutdownNow();
    try {
      reader.awaitTermination(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    readSafely();
  }
}
