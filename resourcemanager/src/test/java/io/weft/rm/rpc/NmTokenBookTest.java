package io.weft.rm.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.id.ApplicationId;
import io.weft.common.id.NodeId;
import io.weft.common.security.MasterKey;
import io.weft.common.testing.MutableClock;
import io.weft.proto.NmToken;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class NmTokenBookTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  /** NM tokens live a day. */
  private final TokenIssuer tokens = new TokenIssuer(MasterKey.generate(), MasterKey.generate(), clock, 1L);
  private final NmTokenBook book = new NmTokenBook(tokens, clock);
  private final ApplicationAttemptId attempt = new ApplicationAttemptId(new ApplicationId(1L, 1), 1);
  private final NodeId n1 = new NodeId("n1", 1);
  private final NodeId n2 = new NodeId("n2", 2);

  @Test
  void everyAnswerCarriesATokenForEachOfItsNodes_theSameOneWhileItIsGood() {
    NmToken first = single(book.due(attempt, List.of(n1)));
    clock.advance(Duration.ofHours(1));

    NmToken again = single(book.due(attempt, List.of(n1)));

    assertThat(again).isEqualTo(first);
    assertThat(book.due(attempt, List.of())).as("a node the answer does not name, its token still good").isEmpty();
  }

  @Test
  void aTokenAQuarterThroughItsLife_isRenewed_evenForAnAnswerThatDoesNotNameItsNode() {
    NmToken first = single(book.due(attempt, List.of(n1)));
    clock.advance(Duration.ofHours(7));

    List<NmToken> due = book.due(attempt, List.of(n2));

    assertThat(due).extracting(NmToken::getNodeId).containsExactlyInAnyOrder("n1:1", "n2:2");
    NmToken renewed = due.stream().filter(t -> t.getNodeId().equals("n1:1")).findFirst().orElseThrow();
    assertThat(renewed.getToken().getIdentifier()).isNotEqualTo(first.getToken().getIdentifier());
  }

  @Test
  void eachToken_isRenewedAQuarterThroughItsOwnLife_notWithTheOthers() {
    single(book.due(attempt, List.of(n1)));
    clock.advance(Duration.ofHours(5));
    single(book.due(attempt, List.of(n2)));
    clock.advance(Duration.ofHours(2));

    assertThat(book.due(attempt, List.of())).as("7 h: n1's token, 7 h old").extracting(NmToken::getNodeId)
        .containsExactly("n1:1");
    clock.advance(Duration.ofHours(3));
    assertThat(book.due(attempt, List.of())).as("10 h: n2's token is 5 h old, n1's renewed one 3 h").isEmpty();
    clock.advance(Duration.ofHours(2));
    assertThat(book.due(attempt, List.of())).as("12 h: n2's token, 7 h old").extracting(NmToken::getNodeId)
        .containsExactly("n2:2");
  }

  private static NmToken single(List<NmToken> due) {
    assertThat(due).hasSize(1);
    return due.get(0);
  }
}
