package io.weft.common.logstore;

import io.weft.common.id.ContainerId;
import io.weft.common.id.NodeId;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The file a NodeManager uploads for one application: the logs of every container of it that ran on the node,
 * in one gzip stream that starts with {@link #MAGIC} and then holds records of
 * {@code (UTF container id, UTF file name, long length, length bytes)} (Java's {@link DataOutputStream}
 * encodings), one per log file, until the stream ends. It is written and read front to back in one pass, so
 * neither side holds a log in memory; a file cut short (an upload that broke off) reads up to its last whole
 * header, the last file ending early. Named after the node ({@link #fileName}). See docs/logs.md.
 */
public final class AggregatedLogs {
  /** The first bytes of the uncompressed stream: the format and its version. */
  static final byte[] MAGIC = "WEFT-LOGS-1\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private AggregatedLogs() {}

  /** The store name of {@code node}'s file: {@code <host>_<port>}, characters a store name refuses as {@code _}. */
  public static String fileName(NodeId node) {
    return storeName(node.host() + "_" + node.port());
  }

  /** Whether {@code name} is the {@link #fileName} of a node on {@code host} (any port; host names ignore case). */
  public static boolean isFileOf(String name, String host) {
    String prefix = storeName(host + "_");
    return name.length() > prefix.length() && name.regionMatches(true, 0, prefix, 0, prefix.length())
        && name.substring(prefix.length()).matches("[0-9]{1,5}");
  }

  private static String storeName(String text) {
    return text.replaceAll("[^A-Za-z0-9._-]", "_").replaceFirst("^[.]", "_");
  }

  /** Writes records to {@code out}; {@link #close()} finishes the gzip stream and closes {@code out}. */
  public static final class Writer implements AutoCloseable {
    private final DataOutputStream out;
    private final byte[] buffer = new byte[64 * 1024];

    public Writer(OutputStream out) throws IOException {
      this.out = new DataOutputStream(new GZIPOutputStream(out, 64 * 1024));
      this.out.write(MAGIC);
    }

    /**
     * One log file: exactly {@code length} bytes of {@code content} (a file that shrank while copied is padded
     * with NULs, one that grew is cut at the length taken when it was listed, so the record stays whole).
     */
    public void add(ContainerId container, String file, long length, InputStream content) throws IOException {
      out.writeUTF(container.toString());
      out.writeUTF(file);
      out.writeLong(length);
      long left = length;
      while (left > 0) {
        int n = content.read(buffer, 0, (int) Math.min(buffer.length, left));
        if (n < 0) {
          Arrays.fill(buffer, (byte) 0);
          while (left > 0) {
            int pad = (int) Math.min(buffer.length, left);
            out.write(buffer, 0, pad);
            left -= pad;
          }
          break;
        }
        out.write(buffer, 0, n);
        left -= n;
      }
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }

  /** One log file of a node's aggregated file, its bytes in {@code content} (valid until the next record). */
  public record Entry(ContainerId container, String file, long length, InputStream content) {}

  /** Reads the records of an aggregated file in order. */
  public static final class Reader implements AutoCloseable {
    private final DataInputStream in;
    private Bounded current;

    public Reader(InputStream stored) throws IOException {
      this.in = new DataInputStream(new GZIPInputStream(stored, 64 * 1024));
      byte[] magic = new byte[MAGIC.length];
      in.readFully(magic);
      if (!Arrays.equals(magic, MAGIC)) {
        throw new IOException("not an aggregated log file of Weft (format " + new String(magic,
            java.nio.charset.StandardCharsets.US_ASCII).strip() + ", expected " + new String(MAGIC,
            java.nio.charset.StandardCharsets.US_ASCII).strip() + ")");
      }
    }

    /** The next record (the rest of the previous one skipped); empty at the end of the file. */
    public Optional<Entry> next() throws IOException {
      try {
        if (current != null) {
          current.skipRest();
        }
        ContainerId container = ContainerId.parse(in.readUTF());
        String file = in.readUTF();
        long length = in.readLong();
        current = new Bounded(in, length);
        return Optional.of(new Entry(container, file, length, current));
      } catch (EOFException end) {
        return Optional.empty();
      }
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  /** At most {@code left} bytes of the shared stream; closing it leaves the stream open. */
  private static final class Bounded extends FilterInputStream {
    private long left;

    Bounded(InputStream in, long left) {
      super(in);
      this.left = left;
    }

    @Override
    public int read() throws IOException {
      if (left <= 0) {
        return -1;
      }
      int b = in.read();
      if (b >= 0) {
        left--;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) {
        return -1;
      }
      int n = in.read(b, off, (int) Math.min(len, left));
      if (n > 0) {
        left -= n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = in.skip(Math.min(n, left));
      left -= skipped;
      return skipped;
    }

    void skipRest() throws IOException {
      while (left > 0) {
        long n = in.skip(left);
        if (n <= 0) {
          if (in.read() < 0) {
            throw new EOFException();
          }
          n = 1;
        }
        left -= n;
      }
    }

    @Override
    public void close() {}
  }
}
