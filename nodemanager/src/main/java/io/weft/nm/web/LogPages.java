package io.weft.nm.web;

import static java.util.Objects.requireNonNull;

import io.weft.common.id.ContainerId;
import io.weft.common.rpc.WeftException;
import io.weft.common.web.Html;
import io.weft.common.web.WebRequest;
import io.weft.common.web.WebResponse;
import io.weft.nm.logs.ContainerLogs;
import io.weft.nm.logs.LogRange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Container logs over HTTP, YARN's way: {@code start}/{@code end} byte offsets, negative counting
 * from the end. Without a range a page shows the last {@link #DEFAULT_TAIL} bytes with a link to the
 * whole log, and no answer ever carries more than {@link #MAX_BYTES}, so a huge log is never sent whole
 * by accident. Each page is for the container's application's owner and the administrators ({@link WebCallers}:
 * checked once users are authenticated or {@code weft.acl.enable} is set), and the cluster's daemons (the RM's log
 * pages read here with its certificate, or with the token of the user they serve).
 */
final class LogPages {
  static final long DEFAULT_TAIL = 4096;
  static final long MAX_BYTES = 16L * 1024 * 1024;

  private final ContainerLogs logs;
  private final Path logRoot;
  private final WebCallers callers;

  LogPages(ContainerLogs logs, Path logRoot, WebCallers callers) {
    this.logs = requireNonNull(logs);
    this.logRoot = requireNonNull(logRoot);
    this.callers = requireNonNull(callers);
  }

  private void requireRead(WebRequest r, ContainerId id) {
    callers.requireReadLogs(r, id.applicationId());
  }

  static ContainerId containerId(String text) {
    try {
      return ContainerId.parse(text);
    } catch (WeftException e) {
      throw WeftException.invalidArgument("Invalid ContainerId: " + text);
    }
  }

  /** A slice of a log: the bytes, where they start and end, and the file's length. */
  record Slice(byte[] bytes, long start, long end, long length) {}

  Slice slice(ContainerId id, String file, long start, long end) {
    Path path = logs.file(id, file);
    long size;
    try {
      size = Files.size(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the size of " + path + ": " + e.getMessage(), e);
    }
    LogRange range = LogRange.resolve(start, end, size);
    long to = Math.min(range.end(), range.start() + MAX_BYTES);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long[] length = {size};
    logs.read(id, file, range.start(), to, (len, chunk) -> {
      length[0] = len;
      out.writeBytes(chunk);
    });
    return new Slice(out.toByteArray(), range.start(), range.start() + out.size(), length[0]);
  }

  /** {@code /node/containerlogs/{containerid}/{user}/{file}}: an HTML page. */
  WebResponse page(WebRequest r) {
    ContainerId id = containerId(r.param("containerid"));
    requireRead(r, id);
    String user = r.param("user");
    String file = r.param("file");
    boolean ranged = r.query("start", null) != null || r.query("end", null) != null;
    Slice s = slice(id, file, r.queryLong("start", ranged ? 0 : -DEFAULT_TAIL), r.queryLong("end", 0));
    String self = "/node/containerlogs/" + id + "/" + Html.escape(user) + "/" + Html.escape(file);
    StringBuilder body = new StringBuilder();
    body.append("<h1>").append(Html.escape(file)).append(" of ").append(Html.escape(id)).append("</h1>")
        .append("<p class=\"note\" id=\"log-range\">Showing bytes ").append(s.start()).append("–").append(s.end())
        .append(" of ").append(s.length()).append(".");
    if (s.start() > 0 || s.end() < s.length()) {
      body.append(" <a id=\"full-log\" href=\"").append(self).append("?start=0\">Show the whole log</a>")
          .append(s.length() > MAX_BYTES ? " (at most " + MAX_BYTES + " bytes per page)" : "").append(".");
    }
    body.append(" <a href=\"/node/containerlogs/").append(id).append("/").append(Html.escape(user))
        .append("\">Other log files</a>.</p><pre id=\"log\">")
        .append(Html.escape(new String(s.bytes(), StandardCharsets.UTF_8))).append("</pre>");
    return WebResponse.html(NmWebApp.frame(file + " of " + id, body.toString()));
  }

  /** {@code /node/containerlogs/{containerid}/{user}}: the container's log files. */
  WebResponse listing(WebRequest r) {
    ContainerId id = containerId(r.param("containerid"));
    requireRead(r, id);
    String user = r.param("user");
    Path dir = io.weft.nm.launch.ContainerDirs.logDir(logRoot, id);
    if (!Files.isDirectory(dir)) {
      throw WeftException.notFound(id + " has no logs on this node");
    }
    StringBuilder body = new StringBuilder("<h1>Logs of ").append(Html.escape(id)).append("</h1><ul>");
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.sorted().toList()) {
        String name = f.getFileName().toString();
        body.append("<li><a href=\"/node/containerlogs/").append(id).append('/').append(Html.escape(user)).append('/')
            .append(Html.escape(name)).append("\">").append(Html.escape(name)).append("</a> (")
            .append(Files.size(f)).append(" bytes)</li>");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return WebResponse.html(NmWebApp.frame("Logs of " + id, body.append("</ul>").toString()));
  }

  /** {@code /ws/v1/node/containerlogs/{containerid}/{file}}: plain text, same ranges (default: the tail). */
  WebResponse text(WebRequest r) {
    ContainerId id = containerId(r.param("containerid"));
    requireRead(r, id);
    boolean ranged = r.query("start", null) != null || r.query("end", null) != null;
    Slice s = slice(id, r.param("file"), r.queryLong("start", ranged ? 0 : -DEFAULT_TAIL), r.queryLong("end", 0));
    return WebResponse.bytes(200, WebResponse.TEXT, s.bytes())
        .withHeader("X-Log-Range", s.start() + "-" + s.end() + "/" + s.length());
  }
}
