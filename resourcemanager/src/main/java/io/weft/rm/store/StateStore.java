package io.weft.rm.store;

import io.weft.rm.node.NodeLabels;
import io.weft.common.id.ApplicationId;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Durable RM state: what a restarted RM needs to carry on (applications, their attempts, the RM's
 * identity with its master keys, the users' bearer tokens). Saves are asynchronous and applied in the order they are made;
 * the core waits for the returned future where an acknowledgement depends on it (an application in
 * NEW_SAVING / FINAL_SAVING). A save that fails completes its future exceptionally with a
 * {@link StateStoreException} naming the cause; nothing is dropped silently.
 */
public interface StateStore extends AutoCloseable {
  /** The store's name, as REST's {@code rmStateStoreName} reports it. */
  String name();

  /**
   * Everything saved, read once before the RM serves. Fails with a {@link StateStoreException}
   * naming the store's location and the fix when the store is unreadable or of a newer schema.
   */
  RecoveredState load();

  /** Saves the RM's identity (cluster timestamp, epoch, master keys); returns once it is durable. */
  void storeIdentity(RmIdentity identity);

  /**
   * Saves a new application, or replaces the record of a known one (its final state); also raises
   * the stored id sequence to the application's, so new ids continue after it.
   */
  CompletableFuture<Void> storeApplication(ApplicationRecord record);

  /** Saves an attempt, or replaces its earlier record. */
  CompletableFuture<Void> storeAttempt(AttemptRecord record);

  /** Forgets an application and all its attempts. */
  CompletableFuture<Void> removeApplication(ApplicationId id);

  /** Every user token saved (issued, revoked and expired alike), read after {@link #load}. */
  List<UserTokenRecord> loadUserTokens();

  /** Saves a user token, or replaces its record (a revocation); returns once it is durable. */
  void storeUserToken(UserTokenRecord token);

  /** The cluster's node labels and node-to-label mappings (empty for a store that never had any), read after {@link #load}. */
  NodeLabels loadNodeLabels();

  /** Replaces the saved node labels with {@code labels}; completes once they are durable. */
  CompletableFuture<Void> storeNodeLabels(NodeLabels labels);

  @Override
  void close();
}
