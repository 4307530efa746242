package io.weft.rm.store;

import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.id.ApplicationId;

/**
 * The znodes of {@link ZkStateStore} under a cluster's store path ({@code HaPaths.store()}):
 * <pre>
 * &lt;store&gt;/schema-version                      decimal text, {@link StoreLayout#SCHEMA_VERSION} when created
 * &lt;store&gt;/identity                            StoredIdentity (cluster timestamp, epoch, master keys)
 * &lt;store&gt;/last-sequence                       decimal text, the highest application sequence stored
 * &lt;store&gt;/apps/&lt;applicationId&gt;                 StoredApplication
 * &lt;store&gt;/apps/&lt;applicationId&gt;/&lt;attempt6&gt;      StoredAttempt (attempt number zero-padded to 6)
 * &lt;store&gt;/user-tokens/&lt;tokenId&gt;              {@link UserTokenRecord#encode} (a hash of the secret only)
 * &lt;store&gt;/node-labels                          {@link io.weft.rm.node.NodeLabels#encode}
 * </pre>
 * The records are the RocksDB store's protobuf messages ({@link StoredRecords}); an application's
 * attempts are its children, so removing it deletes exactly them.
 */
record ZkStoreLayout(String root) {
  static final String SCHEMA_VERSION = "schema-version";
  static final String IDENTITY = "identity";
  static final String LAST_SEQUENCE = "last-sequence";
  static final String APPS = "apps";
  static final String USER_TOKENS = "user-tokens";
  static final String NODE_LABELS = "node-labels";

  String schemaVersion() {
    return root + "/" + SCHEMA_VERSION;
  }

  String identity() {
    return root + "/" + IDENTITY;
  }

  String lastSequence() {
    return root + "/" + LAST_SEQUENCE;
  }

  String apps() {
    return root + "/" + APPS;
  }

  String nodeLabels() {
    return root + "/" + NODE_LABELS;
  }

  String userTokens() {
    return root + "/" + USER_TOKENS;
  }

  String userToken(String id) {
    return userTokens() + "/" + id;
  }

  String application(ApplicationId id) {
    return apps() + "/" + id;
  }

  String attempt(ApplicationAttemptId id) {
    return application(id.applicationId()) + "/" + attemptName(id.attempt());
  }

  String attempt(ApplicationId app, int attempt) {
    return application(app) + "/" + attemptName(attempt);
  }

  static String attemptName(int attempt) {
    return String.format("%06d", attempt);
  }
}
