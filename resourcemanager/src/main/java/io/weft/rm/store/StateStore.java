package io.weft.rm.store;

import io.weft.common.id.ApplicationId;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Durable RM state. Saves are asynchronous: the application waits in NEW_SAVING / FINAL_SAVING
 * until the returned future completes.
 */
public interface StateStore extends AutoCloseable {
  /** Saves a new application, or replaces the record of a known one. */
  CompletableFuture<Void> storeApplication(ApplicationRecord record);

  CompletableFuture<Void> removeApplication(ApplicationId id);

  /** Everything saved, for recovery. */
  List<ApplicationRecord> loadApplications();

  @Override
  void close();
}
