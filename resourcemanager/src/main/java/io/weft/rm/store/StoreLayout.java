package io.weft.rm.store;

import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.id.ApplicationId;
import java.nio.charset.StandardCharsets;

/**
 * The keys of {@link RocksDbStateStore}, all UTF-8 text so {@code ldb scan} output reads plainly:
 * <pre>
 * meta/schema-version               decimal text, {@link #SCHEMA_VERSION} when the store was created
 * meta/identity                     StoredIdentity (cluster timestamp, epoch, master keys)
 * meta/last-sequence                decimal text, the highest application sequence stored
 * app/&lt;applicationId&gt;              StoredApplication
 * attempt/&lt;applicationId&gt;/&lt;attempt6&gt; StoredAttempt (attempt number zero-padded to 6, as in appattempt ids)
 * user-token/&lt;tokenId&gt;              {@link UserTokenRecord#encode} (a hash of the secret, never the secret)
 * meta/node-labels                  {@link io.weft.rm.node.NodeLabels#encode} (cluster labels, node mappings)
 * </pre>
 * An application's attempts share the prefix {@code attempt/<applicationId>/}; the trailing slash keeps
 * {@code application_.._0001} from matching {@code application_.._00010}, so one range delete removes them.
 */
final class StoreLayout {
  /** Raised when a change is one older code could not read; older stores are refused, not migrated, for now. */
  static final int SCHEMA_VERSION = 1;

  static final byte[] SCHEMA_VERSION_KEY = bytes("meta/schema-version");
  static final byte[] IDENTITY_KEY = bytes("meta/identity");
  static final byte[] LAST_SEQUENCE_KEY = bytes("meta/last-sequence");
  static final byte[] NODE_LABELS_KEY = bytes("meta/node-labels");
  static final String APP_PREFIX = "app/";
  static final String ATTEMPT_PREFIX = "attempt/";
  static final String USER_TOKEN_PREFIX = "user-token/";

  private StoreLayout() {}

  static byte[] applicationKey(ApplicationId id) {
    return bytes(APP_PREFIX + id);
  }

  static byte[] attemptKey(ApplicationAttemptId id) {
    return bytes(attemptPrefix(id.applicationId()) + String.format("%06d", id.attempt()));
  }

  static byte[] userTokenKey(String id) {
    return bytes(USER_TOKEN_PREFIX + id);
  }

  /** The first key of {@code app}'s attempts. */
  static byte[] attemptsStart(ApplicationId app) {
    return bytes(attemptPrefix(app));
  }

  /** Just past the last key of {@code app}'s attempts: the prefix with '/' raised to '0'. */
  static byte[] attemptsEnd(ApplicationId app) {
    return bytes(ATTEMPT_PREFIX + app + "0");
  }

  private static String attemptPrefix(ApplicationId app) {
    return ATTEMPT_PREFIX + app + "/";
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
