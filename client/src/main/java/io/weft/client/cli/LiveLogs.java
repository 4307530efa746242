package io.weft.client.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weft.client.WeftClient;
import io.weft.client.records.ApplicationAttemptReport;
import io.weft.client.records.ContainerReport;
import io.weft.common.id.ApplicationId;
import io.weft.common.id.ContainerId;
import io.weft.common.rpc.WeftException;
import io.weft.common.security.AuthHeaders;
import io.weft.common.security.UserTokenSource;
import io.weft.common.tls.TlsSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The logs of an application's containers as their NodeManagers have them now: the containers the RM lists,
 * each one's files from its NM's REST API ({@code /ws/v1/node/containers/{id}}), their bytes from
 * {@code /ws/v1/node/containerlogs/{id}/{file}} page by page (the NM sends at most 16 MB a request), so a file of any
 * size streams through.
 */
final class LiveLogs {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final Pattern RANGE = Pattern.compile("(\\d+)-(\\d+)/(\\d+)");
  private static final List<String> DEFAULT_FILES = List.of("stdout", "stderr");

  private final CliContext context;
  private final WeftClient client;
  private final HttpClient http;
  private final String scheme;
  /** The user's bearer token, which the NodeManagers' log pages check with the RM (token authentication). */
  private final Optional<String> token;

  LiveLogs(CliContext context, WeftClient client) {
    this.context = context;
    this.client = client;
    TlsSettings tls = TlsSettings.of(context.config());
    this.scheme = tls.scheme();
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(TIMEOUT);
    this.http = (tls.enabled() ? builder.sslContext(tls.sslContext()) : builder).build();
    this.token = UserTokenSource.find(context.config());
  }

  /** Prints what matches; false when nothing did. */
  boolean print(ApplicationId app, LogsCommand.Selection selection) {
    List<ContainerReport> containers = new ArrayList<>();
    for (ApplicationAttemptReport attempt : client.getApplicationAttempts(app)) {
      containers.addAll(client.getContainers(attempt.getApplicationAttemptId()));
    }
    containers.sort(Comparator.comparing(ContainerReport::getContainerId));
    if (selection.am().isPresent()) {
      List<ContainerId> ams = containers.stream().map(ContainerReport::getContainerId).filter(c -> c.id() == 1).toList();
      ContainerId wanted = LogsCommand.pickAttempt(app, ams, selection.am().get());
      containers.removeIf(c -> !c.getContainerId().equals(wanted));
    }
    selection.container().ifPresent(wanted -> {
      containers.removeIf(c -> !c.getContainerId().equals(wanted));
      if (containers.isEmpty()) {
        throw WeftException.notFound("container " + wanted + " is not a container the ResourceManager lists for "
            + app + " (and the application has no aggregated logs)");
      }
    });
    boolean printed = false;
    for (ContainerReport c : containers) {
      if (!selection.wants(c.getAssignedNode()) || c.getNodeHttpAddress() == null || c.getNodeHttpAddress().isBlank()) {
        continue;
      }
      for (String file : files(c)) {
        if (selection.wants(file) && printFile(c, file, selection.size())) {
          printed = true;
        }
      }
    }
    return printed;
  }

  private List<String> files(ContainerReport c) {
    try {
      HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(base(c) + "/ws/v1/node/containers/"
          + c.getContainerId())).timeout(TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofString());
      if (answer.statusCode() != 200) {
        return DEFAULT_FILES; // completed and forgotten by its NM: its files may still be there
      }
      JsonNode names = new ObjectMapper().readTree(answer.body()).path("container").path("containerLogFiles");
      List<String> files = new ArrayList<>();
      names.forEach(n -> files.add(n.asText()));
      return files;
    } catch (IOException | InterruptedException e) {
      throw unreachable(c, e);
    }
  }

  /** Streams one file under its headers; false when the NM has no such file. */
  private boolean printFile(ContainerReport c, String file, Long size) {
    long start = size != null && size < 0 ? size : 0;
    Page first = page(c, file, start, size != null && size > 0 ? size : null);
    if (first == null) {
      return false;
    }
    long target = size != null && size > 0 ? Math.min(size, first.length()) : first.length();
    InputStream pages = new InputStream() {
      private InputStream current = first.body();
      private long next = first.end();

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        while (true) {
          int n = current.read(b, off, len);
          if (n >= 0) {
            return n;
          }
          current.close();
          if (next >= target) {
            return -1;
          }
          Page more = page(c, file, next, target);
          if (more == null || more.end() <= next) {
            return -1;
          }
          current = more.body();
          next = more.end();
        }
      }
    };
    try (pages) {
      // the length in the header is the whole file's; what follows is the part -size chose
      LogsCommand.printFile(context.out(), c.getContainerId(), c.getAssignedNode().host() + "_"
          + c.getAssignedNode().port(), "LOCAL", file, first.length(), pages, target - first.start());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + " of " + c.getContainerId() + " from "
          + c.getNodeHttpAddress() + ": " + e.getMessage(), e);
    }
    return true;
  }

  private record Page(InputStream body, long start, long end, long length) {}

  private Page page(ContainerReport c, String file, long start, Long end) {
    // user.name: who the caller is with simple authentication (and weft.acl.enable), as on the RM's pages
    String query = "?start=" + start + (end == null ? "" : "&end=" + end) + "&user.name="
        + URLEncoder.encode(AuthHeaders.localUser(), StandardCharsets.UTF_8);
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base(c) + "/ws/v1/node/containerlogs/"
        + c.getContainerId() + "/" + file + query)).timeout(TIMEOUT).GET();
    token.ifPresent(t -> request.header("Authorization", AuthHeaders.BEARER + t));
    try {
      HttpResponse<InputStream> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      if (answer.statusCode() == 404) {
        answer.body().close();
        return null;
      }
      if (answer.statusCode() != 200) {
        String why = new String(answer.body().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (answer.statusCode() == 401 || answer.statusCode() == 403) {
          String refused = "the NodeManager " + c.getNodeHttpAddress() + " refused " + file + " of "
              + c.getContainerId() + ": " + why;
          throw answer.statusCode() == 401 ? WeftException.unauthenticated(refused)
              : WeftException.permissionDenied(refused);
        }
        throw WeftException.unavailable("the NodeManager " + c.getNodeHttpAddress() + " answered " + answer.statusCode()
            + " for " + file + " of " + c.getContainerId() + ": " + why);
      }
      Matcher range = RANGE.matcher(answer.headers().firstValue("X-Log-Range").orElse(""));
      if (!range.matches()) {
        throw WeftException.unavailable("the NodeManager " + c.getNodeHttpAddress() + " sent no byte range for "
            + file + " of " + c.getContainerId());
      }
      return new Page(answer.body(), Long.parseLong(range.group(1)), Long.parseLong(range.group(2)),
          Long.parseLong(range.group(3)));
    } catch (IOException | InterruptedException e) {
      throw unreachable(c, e);
    }
  }

  private static WeftException unreachable(ContainerReport c, Exception e) {
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
      return WeftException.unavailable("interrupted while reading the logs of " + c.getContainerId());
    }
    return WeftException.unavailable("the NodeManager " + c.getNodeHttpAddress() + " holding the logs of "
        + c.getContainerId() + " is not reachable: " + e.getMessage());
  }

  private String base(ContainerReport c) {
    return scheme + "://" + c.getNodeHttpAddress();
  }
}
