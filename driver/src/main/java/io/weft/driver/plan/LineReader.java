package io.weft.driver.plan;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * UTF-8 lines starting in bytes [start, end) of a file ({@code \n} or {@code \r\n} endings). A split
 * that does not start the file skips the partial line in front of it (its previous split reads it
 * to its end). Closes the file once the last line is read.
 */
final class LineReader implements Iterator<String> {
  private final Path path;
  private final long end;
  private final InputStream in;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
  private long position;
  private String next;
  private boolean done;

  LineReader(Path path, long start, long end) {
    this.path = path;
    this.end = end;
    try {
      FileChannel channel = FileChannel.open(path);
      long from = start == 0 ? 0 : start - 1;
      channel.position(from);
      this.in = new BufferedInputStream(Channels.newInputStream(channel), 64 * 1024);
      this.position = from;
      if (start != 0) {
        readLine(); // the tail of the line the previous split reads (empty if start-1 is a newline)
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  @Override
  public boolean hasNext() {
    if (next == null && !done) {
      advance();
    }
    return next != null;
  }

  @Override
  public String next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    String value = next;
    next = null;
    return value;
  }

  private void advance() {
    try {
      if (position >= end || (next = readLine()) == null) {
        done = true;
        in.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  /** The next line without its ending, or null at the end of the file. */
  private String readLine() throws IOException {
    line.reset();
    int b;
    boolean any = false;
    while ((b = in.read()) != -1) {
      position++;
      any = true;
      if (b == '\n') {
        break;
      }
      line.write(b);
    }
    if (!any) {
      return null;
    }
    byte[] bytes = line.toByteArray();
    int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
    return new String(bytes, 0, length, StandardCharsets.UTF_8);
  }
}
