package io.weft.nm.logs;

/**
 * A byte range [start, end) of a log file, resolved YARN's way: a negative offset counts from the
 * end, {@code end == 0} means "to the end", and both are clamped to the file.
 */
public record LogRange(long start, long end) {
  public static LogRange resolve(long start, long end, long length) {
    long from = start < 0 ? Math.max(0, length + start) : Math.min(start, length);
    long to = end == 0 ? length : end < 0 ? Math.max(0, length + end) : Math.min(end, length);
    return new LogRange(from, Math.max(from, to));
  }

  public long length() {
    return end - start;
  }
}
