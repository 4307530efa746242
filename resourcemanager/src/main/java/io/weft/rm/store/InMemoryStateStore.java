package io.weft.rm.store;

import io.weft.rm.node.NodeLabels;
import io.weft.common.id.ApplicationId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * A store that forgets everything when the RM stops ({@code weft.resourcemanager.recovery.enabled=false},
 * tests). It behaves like a durable store within one RM's life: what is saved loads again.
 */
public final class InMemoryStateStore implements StateStore {
  private final Map<ApplicationId, ApplicationRecord> applications = new TreeMap<>();
  private final Map<ApplicationId, Map<Integer, AttemptRecord>> attempts = new TreeMap<>();
  private final Map<String, UserTokenRecord> userTokens = new TreeMap<>();
  private NodeLabels nodeLabels = NodeLabels.NONE;
  private RmIdentity identity;
  private int lastSequence;

  @Override
  public String name() {
    return "InMemoryStateStore";
  }

  @Override
  public synchronized RecoveredState load() {
    Map<ApplicationId, List<AttemptRecord>> byApp = new TreeMap<>();
    attempts.forEach((id, byNumber) -> byApp.put(id, List.copyOf(byNumber.values())));
    return new RecoveredState(Optional.ofNullable(identity), new ArrayList<>(applications.values()), byApp,
        lastSequence);
  }

  @Override
  public synchronized void storeIdentity(RmIdentity identity) {
    this.identity = identity;
  }

  @Override
  public synchronized CompletableFuture<Void> storeApplication(ApplicationRecord record) {
    ApplicationId id = record.submission().id();
    applications.put(id, record);
    lastSequence = Math.max(lastSequence, id.sequence());
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public synchronized CompletableFuture<Void> storeAttempt(AttemptRecord record) {
    attempts.computeIfAbsent(record.id().applicationId(), a -> new TreeMap<>()).put(record.id().attempt(), record);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public synchronized CompletableFuture<Void> removeApplication(ApplicationId id) {
    applications.remove(id);
    attempts.remove(id);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public synchronized List<UserTokenRecord> loadUserTokens() {
    return List.copyOf(userTokens.values());
  }

  @Override
  public synchronized void storeUserToken(UserTokenRecord token) {
    userTokens.put(token.id(), token);
  }

  @Override
  public synchronized NodeLabels loadNodeLabels() {
    return nodeLabels;
  }

  @Override
  public synchronized CompletableFuture<Void> storeNodeLabels(NodeLabels labels) {
    nodeLabels = labels;
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void close() {
    // nothing held
  }
}
