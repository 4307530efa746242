package io.weft.rm.rpc;

import static java.util.Objects.requireNonNull;

import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.id.NodeId;
import io.weft.proto.NmToken;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which NM tokens each attempt holds, so that an answer to its AM carries a token only for a node
 * it has none for, or whose token was signed with a key that no longer signs or is a quarter through
 * its life. Not durable: an RM that restarts or fails over starts an attempt's book again from the
 * nodes of its live containers (and the AM's earlier tokens stay valid meanwhile, the keys being durable).
 */
final class NmTokenBook {
  /** A token an attempt was given, kept to be given again while it is good (minting one signs it). */
  private record Held(NmToken token, int keyId, Instant expiry) {}

  /**
   * The tokens one attempt holds, and when the next of them is due for renewal: an answer walks them
   * all only from then on or once the signing key has changed, not every time (an AM on a thousand
   * nodes asks several times a second).
   */
  private static final class Book {
    final Map<NodeId, Held> tokens = new HashMap<>();
    /** The key that signed when the tokens were last walked. */
    int signingKey;
    Instant nextRenewal = Instant.MAX;

    void holds(NodeId node, Held token, Duration renewedAfter) {
      tokens.put(node, token);
      renewalOf(token, renewedAfter);
    }

    void renewalOf(Held token, Duration renewedAfter) {
      Instant due = token.expiry().minus(renewedAfter);
      if (due.isBefore(nextRenewal)) {
        nextRenewal = due;
      }
    }
  }

  private final TokenIssuer tokens;
  private final Clock clock;
  /** Three quarters of a token's life; reckoned once, as Duration's arithmetic goes through BigDecimal. */
  private final Duration renewedAfter;
  private final Map<ApplicationAttemptId, Book> held = new ConcurrentHashMap<>();
  private volatile Instant nextPrune;

  NmTokenBook(TokenIssuer tokens, Clock clock) {
    this.tokens = requireNonNull(tokens);
    this.clock = requireNonNull(clock);
    this.renewedAfter = tokens.nmTokenLifetime().multipliedBy(3).dividedBy(4);
    this.nextPrune = clock.instant().plus(tokens.nmTokenLifetime());
  }

  /**
   * Tokens {@code attempt} needs now: one for each of {@code nodes} (where the answer gives it
   * containers: always, so that an answer sent again after it was lost carries them again; the token
   * it was given before while that is good, as signing a new one per answer was a fifth of the
   * reply threads' work under a stream of small Allocate calls), and one
   * for every other node whose token it holds is a quarter through its life or signed with a key that
   * no longer signs (renewed that early so that a renewal lost with its answer is made again while the
   * old token is still good).
   */
  List<NmToken> due(ApplicationAttemptId attempt, Collection<NodeId> nodes) {
    Instant now = clock.instant();
    prune(now);
    List<NmToken> out = new ArrayList<>();
    held.compute(attempt, (a, known) -> {
      Book book = known == null ? new Book() : known;
      int signingKey = tokens.nmTokenKeyId();
      Set<NodeId> wanted = new HashSet<>(nodes);
      if (signingKey != book.signingKey || !now.isBefore(book.nextRenewal)) {
        book.signingKey = signingKey;
        book.nextRenewal = Instant.MAX;
        book.tokens.replaceAll((node, h) -> {
          boolean good = h.keyId() == signingKey && now.isBefore(h.expiry().minus(renewedAfter));
          if (good && wanted.contains(node)) {
            out.add(h.token());
          }
          Held kept = good ? h : mint(attempt, node, now, out);
          book.renewalOf(kept, renewedAfter);
          return kept;
        });
      } else {
        for (NodeId node : wanted) {
          Held h = book.tokens.get(node);
          if (h != null) {
            out.add(h.token());
          }
        }
      }
      for (NodeId node : wanted) {
        if (!book.tokens.containsKey(node)) {
          book.holds(node, mint(attempt, node, now, out), renewedAfter);
        }
      }
      return book.tokens.isEmpty() ? null : book;
    });
    return out;
  }

  private Held mint(ApplicationAttemptId attempt, NodeId node, Instant now, List<NmToken> out) {
    io.weft.proto.Token token = tokens.nmToken(attempt, node);
    NmToken nmToken = NmToken.newBuilder().setNodeId(node.toString()).setToken(token).build();
    out.add(nmToken);
    return new Held(nmToken, token.getKeyId(), now.plus(tokens.nmTokenLifetime()));
  }

  /** Whether {@code attempt} holds tokens this book knows of. */
  boolean knows(ApplicationAttemptId attempt) {
    return held.containsKey(attempt);
  }

  /** The attempt unregistered: it needs no more tokens. */
  void forget(ApplicationAttemptId attempt) {
    held.remove(attempt);
  }

  /** Drops attempts (ended without unregistering) whose every token has expired. */
  private void prune(Instant now) {
    if (now.isBefore(nextPrune)) {
      return;
    }
    nextPrune = now.plus(tokens.nmTokenLifetime());
    held.entrySet().removeIf(e -> e.getValue().tokens.values().stream().allMatch(h -> h.expiry().isBefore(now)));
  }
}
