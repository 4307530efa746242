package io.weft.jobserver.server;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;

/** The last {@code maxLines} lines of one job's log; bytes arrive in any pieces and are cut at newlines. */
final class JobLog {
  private final int maxLines;
  private final ArrayDeque<String> lines = new ArrayDeque<>();
  private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
  private long dropped;

  JobLog(int maxLines) {
    this.maxLines = maxLines;
  }

  synchronized void append(byte[] bytes, int offset, int length) {
    for (int i = offset; i < offset + length; i++) {
      if (bytes[i] == '\n') {
        endLine();
      } else {
        partial.write(bytes[i]);
      }
    }
  }

  synchronized void line(String line) {
    if (partial.size() > 0) {
      endLine();
    }
    add(line);
  }

  private void endLine() {
    String line = partial.toString(StandardCharsets.UTF_8);
    partial.reset();
    add(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
  }

  private void add(String line) {
    lines.addLast(line);
    if (lines.size() > maxLines) {
      lines.removeFirst();
      dropped++;
    }
  }

  /** The kept lines, and an unfinished last line. */
  synchronized List<String> lines() {
    List<String> all = new java.util.ArrayList<>(lines);
    if (partial.size() > 0) {
      all.add(partial.toString(StandardCharsets.UTF_8));
    }
    return all;
  }

  /** Lines dropped from the front to keep within the limit. */
  synchronized long dropped() {
    return dropped;
  }
}
