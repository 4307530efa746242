package io.weft.it.chaos;

import io.weft.it.chaos.Outcome.Verdict;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a chaos run did and found. A kill is survived when every application it hit still ended
 * with the right answer.
 *
 * @param problems what went wrong with the cluster itself, e.g. a daemon that would not start again
 * @param leftovers processes of the cluster still alive after every application ended and after the daemons stopped
 * @param loadAverage {@code /proc/loadavg} at the start and at the end
 */
record ChaosReport(ChaosPlan plan, Duration elapsed, List<Outcome> outcomes, List<Kill> kills, List<String> problems,
    List<String> leftovers, String loadAverage) {

  long count(Verdict verdict) {
    return outcomes.stream().filter(o -> o.verdict() == verdict).count();
  }

  List<Outcome> with(Verdict... verdicts) {
    Set<Verdict> wanted = Set.of(verdicts);
    return outcomes.stream().filter(o -> wanted.contains(o.verdict())).toList();
  }

  long killsSurvived() {
    Set<String> notCorrect = outcomes.stream().filter(o -> o.verdict() != Verdict.CORRECT)
        .map(o -> o.application().name).collect(Collectors.toSet());
    return kills.stream().filter(k -> k.applications().stream().noneMatch(notCorrect::contains)).count();
  }

  /** Nothing wrong: every answer right or every failure explained, nothing hung or left behind. */
  boolean clean() {
    return count(Verdict.WRONG_ANSWER) == 0 && count(Verdict.FAILED_UNEXPLAINED) == 0 && count(Verdict.HUNG) == 0
        && problems.isEmpty() && leftovers.isEmpty();
  }

  private Map<String, Long> byLabel() {
    Map<String, Long> counts = new java.util.TreeMap<>();
    outcomes.forEach(o -> counts.merge(o.application().kind.label, 1L, Long::sum));
    return counts;
  }

  String text() {
    Map<Kill.Kind, Long> byKind = new EnumMap<>(Kill.Kind.class);
    kills.forEach(k -> byKind.merge(k.kind(), 1L, Long::sum));
    StringBuilder out = new StringBuilder();
    out.append("chaos run: ").append(plan).append('\n');
    out.append("wall time: ").append(elapsed.toSeconds()).append(" s; load average (1/5/15 min) at start / end: ")
        .append(loadAverage).append('\n');
    out.append("applications run: ").append(outcomes.size()).append(" (")
        .append(byLabel()).append(")\n");
    out.append("  correct answers: ").append(count(Verdict.CORRECT)).append('\n');
    out.append("  wrong answers: ").append(count(Verdict.WRONG_ANSWER)).append(" (must be 0)\n");
    out.append("  failed, naming the kill: ").append(count(Verdict.FAILED_NAMING_A_KILL)).append('\n');
    out.append("  failed, unexplained: ").append(count(Verdict.FAILED_UNEXPLAINED)).append(" (must be 0)\n");
    out.append("  hung: ").append(count(Verdict.HUNG)).append(" (must be 0)\n");
    out.append("kills: ").append(kills.size()).append(' ').append(byKind).append(", survived (every application hit")
        .append(" still right): ").append(killsSurvived()).append('\n');
    out.append("left running after the run: ").append(leftovers.size()).append(" (must be 0)\n");
    kills.forEach(k -> out.append("  ").append(k).append('\n'));
    outcomes.stream().filter(o -> o.verdict() != Verdict.CORRECT)
        .forEach(o -> out.append("  ").append(o).append('\n'));
    problems.forEach(p -> out.append("  cluster problem: ").append(p).append('\n'));
    leftovers.forEach(p -> out.append("  left running: ").append(p).append('\n'));
    return out.toString();
  }
}
