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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which NM tokens each attempt holds, so that an answer to its AM carries a token only for a node
 * it has none for, or whose token was signed with a key that no longer signs or is a quarter through
 * its life. Not durable: an RM that restarts or fails over starts an attempt's book again from the
 * nodes of its live containers (and the AM's earlier tokens stay valid meanwhile, the keys being durable).
 */
final class NmTokenBook {
  private record Held(int keyId, Instant expiry) {}

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
   * containers: always, so that an answer sent again after it was lost carries them again), and one
   * for every other node whose token it holds is a quarter through its life or signed with a key that
   * no longer signs (renewed that early so that a renewal lost with its answer is made again while the
   * old token is still good).
   */
  List<NmToken> due(ApplicationAttemptId attempt, Collection<NodeId> nodes) {
    Instant now = clock.instant();
    prune(now);
    List<NmToken> out = new ArrayList<>();
    held.compute(attempt, (a, known) -> {
      Map<NodeId, Held> book = known == null ? new HashMap<>() : known;
      nodes.forEach(node -> book.put(node, new Held(0, Instant.EPOCH)));
      int signingKey = tokens.nmTokenKeyId();
      Instant renewBefore = now.plus(tokens.nmTokenLifetime().multipliedBy(3).dividedBy(4));
      book.replaceAll((node, h) -> {
        if (h.keyId() == signingKey && h.expiry().isAfter(renewBefore)) {
          return h;
        }
        io.weft.proto.Token token = tokens.nmToken(attempt, node);
        out.add(NmToken.newBuilder().setNodeId(node.toString()).setToken(token).build());
        return new Held(token.getKeyId(), now.plus(tokens.nmTokenLifetime()));
      });
      return book.isEmpty() ? null : book;
    });
    return out;
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
