package io.weft.rm.web;

import static java.util.Objects.requireNonNull;

import io.weft.common.web.WebRequest;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The console's logins: a session made from a verified token, named by a random cookie, with a CSRF
 * token of its own that state-changing requests must echo. Kept in memory: a restarted or failed-over
 * RM asks the browser to log in again. Sessions end at logout, after {@link #LIFETIME}, and never
 * outlive the limit on how many there are (the oldest go first).
 */
final class WebSessions {
  static final String COOKIE = "weft_session";
  static final Duration LIFETIME = Duration.ofHours(8);
  private static final int MAX_SESSIONS = 10_000;

  /**
   * {@code token}: the bearer token the session was opened with, kept in the RM's memory only (never sent back to
   * the browser), so the console's log pages can read the NodeManagers' and the history server's logs as the user,
   * who check it themselves.
   */
  record Session(String id, String user, String csrf, Instant expires, Optional<String> token) {
    @Override
    public String toString() {
      return "Session[user=" + user + ", expires=" + expires + "]";
    }
  }

  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();

  WebSessions(Clock clock) {
    this.clock = requireNonNull(clock);
  }

  Session open(String user) {
    return open(user, Optional.empty());
  }

  Session open(String user, Optional<String> token) {
    Instant now = clock.instant();
    sessions.values().removeIf(s -> !now.isBefore(s.expires()));
    if (sessions.size() >= MAX_SESSIONS) {
      sessions.values().stream().min(java.util.Comparator.comparing(Session::expires))
          .ifPresent(s -> sessions.remove(s.id()));
    }
    Session session = new Session(randomText(), user, randomText(), now.plus(LIFETIME), token);
    sessions.put(session.id(), session);
    return session;
  }

  /** The live session the request's cookie names. */
  Optional<Session> of(WebRequest r) {
    return r.cookie(COOKIE).map(sessions::get).filter(s -> clock.instant().isBefore(s.expires()));
  }

  void close(Session session) {
    sessions.remove(session.id());
  }

  /** Whether {@code presented} is the session's CSRF token (compared in constant time). */
  static boolean csrfMatches(Session session, String presented) {
    return presented != null && MessageDigest.isEqual(session.csrf().getBytes(StandardCharsets.US_ASCII),
        presented.getBytes(StandardCharsets.US_ASCII));
  }

  private String randomText() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
