package io.weft.rm.auth;

import static java.util.Objects.requireNonNull;

import io.weft.common.rpc.WeftException;
import io.weft.rm.store.StateStore;
import io.weft.rm.store.UserTokenRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Pattern;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The users' bearer tokens: issued, revoked and checked here, durable in the state store (a SHA-256
 * of the secret only, so a copy of the store lets nobody in). A token reads
 * {@code weft1.<id>.<secret>}: the id finds the record, the secret proves the holder; 256 random bits.
 */
public final class UserTokens {
  private static final Logger LOG = LogManager.getLogger();
  static final String PREFIX = "weft1";
  /** User names as tokens may name them: what an OS account or a certificate CN would be. */
  private static final Pattern USER = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
  private static final Pattern ID = Pattern.compile("[0-9a-f]{16}");

  private final StateStore store;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final ConcurrentMap<String, UserTokenRecord> byId = new ConcurrentHashMap<>();

  /** Reads the tokens {@code store} holds (call after the store's {@code load}). */
  public UserTokens(StateStore store, Clock clock) {
    this.store = requireNonNull(store);
    this.clock = requireNonNull(clock);
    store.loadUserTokens().forEach(t -> byId.put(t.id(), t));
  }

  /** A new token for {@code user}, valid for {@code lifetime} (empty = until revoked). */
  public IssuedToken issue(String user, Optional<Duration> lifetime, String issuedBy) {
    if (!USER.matcher(user).matches()) {
      throw WeftException.invalidArgument("user name '" + user + "' is not allowed in a token: use 1 to 64 letters, "
          + "digits, '.', '_', '@' or '-'");
    }
    lifetime.filter(d -> d.isNegative() || d.isZero()).ifPresent(d -> {
      throw WeftException.invalidArgument("token lifetime " + d + " must be positive");
    });
    byte[] idBytes = new byte[8];
    byte[] secret = new byte[32];
    random.nextBytes(idBytes);
    random.nextBytes(secret);
    String id = HexFormat.of().formatHex(idBytes);
    String secretText = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    Instant now = clock.instant();
    UserTokenRecord record = new UserTokenRecord(id, user, sha256(secretText), now, lifetime.map(now::plus),
        Optional.empty(), issuedBy);
    store.storeUserToken(record);
    byId.put(id, record);
    LOG.info("user token {} issued to {} by {}{}", id, user, issuedBy,
        record.expires().map(e -> ", expires " + e).orElse(", no expiry"));
    return new IssuedToken(record, PREFIX + "." + id + "." + secretText);
  }

  /** Revokes token {@code id}; revoking a revoked token is a no-op. NOT_FOUND for an unknown id. */
  public UserTokenRecord revoke(String id, String by) {
    UserTokenRecord known = byId.get(id);
    if (known == null) {
      throw WeftException.notFound("no user token " + id + "; 'bin/weft security token list' shows them");
    }
    if (known.revoked().isPresent()) {
      return known;
    }
    UserTokenRecord revoked = known.revokedAt(clock.instant());
    store.storeUserToken(revoked);
    byId.put(id, revoked);
    LOG.info("user token {} of {} revoked by {}", id, known.user(), by);
    return revoked;
  }

  public List<UserTokenRecord> list() {
    return byId.values().stream().sorted(Comparator.comparing(UserTokenRecord::issued)).toList();
  }

  /** Whether any token was issued and not revoked (expired ones count: their users can be issued new ones). */
  public boolean anyUnrevoked() {
    return byId.values().stream().anyMatch(t -> t.revoked().isEmpty());
  }

  /**
   * The user {@code bearer} was issued to; UNAUTHENTICATED saying whether it is malformed, unknown,
   * revoked or expired (naming the token id, never the secret).
   */
  public String verify(String bearer) {
    String[] parts = bearer.strip().split("\\.", -1);
    if (parts.length != 3 || !parts[0].equals(PREFIX) || !ID.matcher(parts[1]).matches() || parts[2].isEmpty()) {
      throw WeftException.unauthenticated("the bearer token is malformed (a Weft token reads " + PREFIX
          + ".<id>.<secret>; make one with 'bin/weft security token create')");
    }
    UserTokenRecord record = byId.get(parts[1]);
    if (record == null || !MessageDigest.isEqual(record.secretSha256(), sha256(parts[2]))) {
      throw WeftException.unauthenticated("user token " + parts[1] + " is unknown to this cluster");
    }
    if (record.revoked().isPresent()) {
      throw WeftException.unauthenticated("user token " + parts[1] + " of " + record.user() + " was revoked at "
          + record.revoked().get());
    }
    Optional<Instant> expires = record.expires();
    if (expires.isPresent() && !clock.instant().isBefore(expires.get())) {
      throw WeftException.unauthenticated("user token " + parts[1] + " of " + record.user() + " expired at "
          + expires.get());
    }
    return record.user();
  }

  private static byte[] sha256(String secret) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.US_ASCII));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
