package io.weft.bench.yarn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SideBySideReportTest {
  /** Lines as the harness writes them (from a real results file), with its comments and a failed figure. */
  private static final ResultLines YARN = ResultLines.parse(List.of(
      "# Apache Hadoop YARN peer measurements, 2026-11-22T10:00:00Z",
      "# --- e2e-default: peer.yarn.E2ELatency --label default",
      "e2e.default.config.scheduler: org.apache.hadoop.yarn.server.resourcemanager.scheduler.CapacityScheduler",
      "e2e.default.trueam.n4.finished.median: 5087 ms",
      "e2e.default.trueam.n4.finished.min: 4930 ms",
      "e2e.default.trueam.n4.finished.max: 5353 ms",
      "e2e.hb100ms.trueam.n4.finished.median: 2018 ms",
      "e2e.hb100ms.trueam.n4.finished.min: 1946 ms",
      "e2e.hb100ms.trueam.n4.finished.max: 2256 ms",
      "e2e.hb100ms.ds.n4.all_done.median: n/a ms",
      "sched.sync-hb1000.config.nodes: 1000",
      "sched.sync-hb1000.allocations_per_s: 1000.0 allocs/s",
      "sched.sync-hb1000-offswitch64.allocations_per_s: 8675.0 allocs/s",
      "sched.async-hb1000.allocations_per_s: 6330.0 allocs/s",
      "footprint.idle.rm_rss: 260 MiB",
      "footprint.after_1000_apps.rm_rss: 300 MiB",
      "footprint.minicluster.after_1000_apps.rm_rss: 999 MiB",
      "footprint.tiny_apps_per_s: 8.9 apps/s"));

  private static final ResultLines WEFT = ResultLines.parse(List.of(
      "e2e.weft.trueam.n4.finished.median: 400 ms",
      "e2e.weft.trueam.n4.finished.min: 380 ms",
      "e2e.weft.trueam.n4.finished.max: 450 ms",
      "e2e.weft.ds.n4.finished.median: 700 ms",
      "e2e.weft.ds.n4.finished.samples: 3",
      "sched.weft.nodes200.steady_allocations_per_s.median: 50000.0 allocs/s",
      "sched.weft.nodes1000.fill_allocations_per_s: 132600.0 allocs/s",
      "sched.weft.nodes1000.steady_allocations_per_s.median: 89200.0 allocs/s",
      "sched.weft.nodes1000.steady_allocations_per_s.min: 76800.0 allocs/s",
      "sched.weft.nodes1000.steady_allocations_per_s.max: 104600.0 allocs/s",
      "sched.weft.nodes1000.concurrent_steady_allocations_per_s.median: 180000.0 allocs/s",
      "footprint.weft.idle.rm_rss: 130 MiB",
      "footprint.weft.after_1000_apps.rm_rss: 150 MiB",
      "footprint.weft.tiny_apps_per_s: 17.8 apps/s"));

  private final SideBySideReport report = new SideBySideReport(WEFT, YARN);

  @Test
  void timesAreComparedAsYarnOverWeftPerConfiguration() {
    String table = report.endToEnd().render();

    assertThat(table).contains("| minimal AM | 4 | finished | 400 [380–450] ms | 5,087 [4,930–5,353] ms | 12.7× "
        + "| 2,018 [1,946–2,256] ms | 5.0× | – | – |");
  }

  @Test
  void aFigureWithFewerSamplesSaysSoAndAFigureMissingOnOneSideHasNoRatio() {
    String table = report.endToEnd().render();

    assertThat(table).contains("| distributed shell | 4 | finished | 700 ms (3 samples) | – | – |");
    assertThat(table).contains("| distributed shell | 4 | all_done | – | – | – | n/a | – |");
  }

  @Test
  void schedulerRateIsWeftOverYarnsBestAtYarnsClusterSize() {
    String table = report.scheduler().render();

    assertThat(report.bestYarnScheduler()).hasValueSatisfying(best -> {
      assertThat(best.getKey()).isEqualTo("sync-hb1000-offswitch64");
      assertThat(best.getValue()).isEqualTo(8675.0);
    });
    assertThat(table).contains("| Weft steady state vs YARN's best (sync-hb1000-offswitch64), 1000 nodes (YARN: 1000)"
        + " | 89,200 [76,800–104,600] allocs/s | 8,675 allocs/s | 10.3× |");
    assertThat(table).contains("| the same, Weft's AMs calling together | 180,000 allocs/s | 8,675 allocs/s | 20.7× |");
    assertThat(table).contains("| Weft filling an empty cluster vs YARN's best (sync-hb1000-offswitch64) "
        + "| 132,600 allocs/s | 8,675 allocs/s | 15.3× |");
  }

  @Test
  void aWarmedUpSteadyStateSaysHowLongItWarmedUp() {
    ResultLines weft = ResultLines.parse(List.of(
        "sched.weft.nodes1000.steady_allocations_per_s.median: 89200.0 allocs/s",
        "sched.weft.nodes1000.warm_up: 20 s"));
    String table = new SideBySideReport(weft, YARN).scheduler().render();

    assertThat(table).contains("| Weft steady state, after 20 s of unmeasured rounds, vs YARN's best "
        + "(sync-hb1000-offswitch64), 1000 nodes (YARN: 1000) | 89,200 allocs/s |");
  }

  @Test
  void memoryIsYarnOverWeftAndTheMiniclusterFiguresAreNotTheDaemons() {
    String table = report.footprint().render();

    assertThat(table).contains("| idle, 2 NMs | rm_rss | 130 MiB | 260 MiB | 2.0× |");
    assertThat(table).contains("| after 1000 apps | rm_rss | 150 MiB | 300 MiB | 2.0× |");
    assertThat(table).contains("| while running the apps | tiny_apps_per_s | 17.8 apps/s | 8.9 apps/s | 2.0× |");
  }

  @Test
  void targetsSayWhetherMetAndByHowMuchMissed() {
    assertThat(report.targets()).containsExactly(
        "minimal AM, 4 containers, FINISHED ≤500 ms: met (median 400 ms)",
        "minimal AM, 4 containers, FINISHED: ≥10× sooner than YARN default: met (12.7×)",
        "minimal AM, 4 containers, FINISHED: ≥5× sooner than YARN hb100ms: met (5.0×)",
        "distributed shell, 4 containers, FINISHED ≤250 ms: missed by 450 ms (median 700 ms)",
        "distributed shell, 4 containers, FINISHED: ≥24× sooner than YARN default: not measured on both sides",
        "allocations/s: ≥11× YARN's best: missed, 10.3× of 11.0× (Weft would need ≥95,425, has 89,200)",
        "allocations/s: ≥20× YARN's best: missed, 10.3× of 20.0× (Weft would need ≥173,500, has 89,200)",
        "allocations/s, Weft's AMs calling together: ≥20× YARN's best: met (20.7×)");
  }

  @Test
  void ratiosAreNotTakenOfMissingOrZeroFigures() {
    assertThat(Better.LOWER.ratio(0, 100)).isNaN();
    assertThat(Better.HIGHER.ratio(Double.NaN, 100)).isNaN();
    assertThat(Better.LOWER.ratio(250, 1000)).isEqualTo(4.0);
    assertThat(Better.HIGHER.ratio(250, 1000)).isEqualTo(0.25);
  }
}
