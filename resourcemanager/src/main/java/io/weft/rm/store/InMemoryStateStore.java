package io.weft.rm.store;

import io.weft.common.id.ApplicationId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;

/** A store that forgets everything when the RM stops: for tests and the embedded local cluster. */
public final class InMemoryStateStore implements StateStore {
  private final Map<ApplicationId, ApplicationRecord> applications = new ConcurrentSkipListMap<>();

  @Override
  public CompletableFuture<Void> storeApplication(ApplicationRecord record) {
    applications.put(record.submission().id(), record);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletableFuture<Void> removeApplication(ApplicationId id) {
    applications.remove(id);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public List<ApplicationRecord> loadApplications() {
    return List.copyOf(applications.values());
  }

  @Override
  public void close() {
    // nothing held
  }
}
