package io.weft.rm.rpc;

import static java.util.Objects.requireNonNull;

import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.id.NodeId;
import io.weft.proto.NmToken;
import java.time.Clock;
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

  private final TokenIssuer tokens;
  private final Clock clock;
  private final Map<ApplicationAttemptId, Map<NodeId, Held>> held = new ConcurrentHashMap<>();
  private volatile Instant nextPrune;

  NmTokenBook(TokenIssuer tokens, Clock clock) {
    this.tokens = requireNonNull(tokens);
    this.clock = requireNonNull(clock);
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
    Set<NodeId> wanted = new HashSet<>(nodes);
    held.compute(attempt, (a, known) -> {
      Map<NodeId, Held> book = known == null ? new HashMap<>() : known;
      int signingKey = tokens.nmTokenKeyId();
      Instant renewBefore = now.plus(tokens.nmTokenLifetime().multipliedBy(3).dividedBy(4));
      book.replaceAll((node, h) -> {
        if (h.keyId() == signingKey && h.expiry().isAfter(renewBefore)) {
          if (wanted.contains(node)) {
            out.add(h.token());
          }
          return h;
        }
        return mint(attempt, node, now, out);
      });
      for (NodeId node : wanted) {
        if (!book.containsKey(node)) {
          book.put(node, mint(attempt, node, now, out));
        }
      }
      return book.isEmpty() ? null : book;
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
    held.entrySet().removeIf(e -> e.getValue().values().stream().allMatch(h -> h.expiry().isBefore(now)));
  }
}
