package io.weft.rm.store;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A user's bearer token as the store keeps it: never the secret, only its SHA-256. A revoked token
 * stays (with when it was revoked), so that presenting it is told "revoked", not "unknown".
 *
 * @param expires empty = never
 * @param revoked empty = not revoked
 */
public record UserTokenRecord(String id, String user, byte[] secretSha256, Instant issued, Optional<Instant> expires,
    Optional<Instant> revoked, String issuedBy) {
  private static final String VERSION = "v1";

  public UserTokenRecord {
    requireNonNull(id, "id");
    requireNonNull(user, "user");
    secretSha256 = secretSha256.clone();
    requireNonNull(issued, "issued");
    requireNonNull(expires, "expires");
    requireNonNull(revoked, "revoked");
    requireNonNull(issuedBy, "issuedBy");
  }

  @Override
  public byte[] secretSha256() {
    return secretSha256.clone();
  }

  public UserTokenRecord revokedAt(Instant when) {
    return new UserTokenRecord(id, user, secretSha256, issued, expires, Optional.of(when), issuedBy);
  }

  /** One line of tab-separated fields (ids and user names never hold tabs: they are checked when issued). */
  public byte[] encode() {
    return String.join("\t", VERSION, id, user, HexFormat.of().formatHex(secretSha256),
        Long.toString(issued.toEpochMilli()), millis(expires), millis(revoked), issuedBy)
        .getBytes(StandardCharsets.UTF_8);
  }

  public static UserTokenRecord decode(byte[] bytes) {
    String[] f = new String(bytes, StandardCharsets.UTF_8).split("\t", -1);
    if (f.length != 8 || !f[0].equals(VERSION)) {
      throw new IllegalArgumentException("not a " + VERSION + " user token record (" + f.length + " fields)");
    }
    return new UserTokenRecord(f[1], f[2], HexFormat.of().parseHex(f[3]), Instant.ofEpochMilli(Long.parseLong(f[4])),
        instant(f[5]), instant(f[6]), f[7]);
  }

  private static String millis(Optional<Instant> when) {
    return when.map(w -> Long.toString(w.toEpochMilli())).orElse("-");
  }

  private static Optional<Instant> instant(String text) {
    return text.equals("-") ? Optional.empty() : Optional.of(Instant.ofEpochMilli(Long.parseLong(text)));
  }
}
