package io.weft.jobserver.server;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Copies what a job prints to {@code System.out} and {@code System.err} into the job's log: the streams are
 * replaced, once, by ones that write through to the originals (the driver's stdout and stderr) and also to the
 * log of the job the writing thread runs (an inheritable thread-local, so threads a job starts count too).
 * Log4j appenders made before the replacement keep writing to the originals only: a job logs with
 * {@code JobContext.log} or prints.
 */
final class OutputCapture {
  private static final InheritableThreadLocal<JobLog> CURRENT = new InheritableThreadLocal<>();
  private static boolean installed;

  private OutputCapture() {}

  static synchronized void install() {
    if (!installed) {
      System.setOut(new PrintStream(new Routing(System.out), true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(new Routing(System.err), true, StandardCharsets.UTF_8));
      installed = true;
    }
  }

  /** Runs {@code body} with this thread's output also going to {@code log}. */
  static void capture(JobLog log, Runnable body) {
    JobLog previous = CURRENT.get();
    CURRENT.set(requireNonNull(log));
    try {
      body.run();
    } finally {
      if (previous == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(previous);
      }
    }
  }

  private static final class Routing extends OutputStream {
    private final OutputStream original;

    Routing(OutputStream original) {
      this.original = original;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      original.write(bytes, offset, length);
      JobLog log = CURRENT.get();
      if (log != null) {
        log.append(bytes, offset, length);
      }
    }

    @Override
    public void flush() throws IOException {
      original.flush();
    }
  }
}
