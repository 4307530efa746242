package io.weft.jobserver;

/**
 * A job the job server runs: its class has a public no-argument constructor, and {@link #run} returns the job's
 * result (a string, number or boolean is reported as is, anything else by its {@code toString()}; null: none).
 * An exception thrown from {@code run} fails the job with it; the server keeps serving.
 *
 * @param <T> the result's type
 */
@FunctionalInterface
public interface Job<T> {
  T run(JobContext context) throws Exception;
}
