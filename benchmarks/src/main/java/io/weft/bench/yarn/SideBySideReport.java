package io.weft.bench.yarn;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns both sides' figures into the side-by-side tables (Weft, YARN, ratio) and checks the targets. Weft's
 * figures are named like the harness's with {@code weft} in the configuration's place
 * ({@code e2e.weft.trueam.n4.finished}, {@code sched.weft.*}, {@code footprint.weft.*}).
 */
public final class SideBySideReport {
  /** The harness's end-to-end configurations, in its order. */
  static final List<String> YARN_E2E_CONFIGS = List.of("default", "hb100ms", "hb100ms-offswitch16");
  static final List<String> VARIANTS = List.of("trueam", "ds");
  static final List<String> E2E_METRICS = List.of("am_launched", "am_registered", "all_running", "all_done",
      "finished", "finished_am_exited");
  private static final List<String> FOOTPRINT_FIGURES = List.of("rm_rss", "rm_heap_used_after_full_gc",
      "rm_peak_rss", "nm1_rss", "nm2_rss", "rm_plus_2nm_rss");
  private static final Pattern E2E_N = Pattern.compile("^e2e\\.[^.]+\\.[^.]+\\.n(\\d+)\\.");
  private static final Pattern YARN_SCHED = Pattern.compile("^sched\\.([^.]+)\\.allocations_per_s$");
  private static final Pattern WEFT_SCHED = Pattern.compile("^sched\\.weft\\.nodes(\\d+)\\.");
  private static final Pattern AFTER_APPS = Pattern.compile("^footprint\\.(?:weft\\.)?(after_\\d+_apps)\\.");

  private final ResultLines weft;
  private final ResultLines yarn;

  public SideBySideReport(ResultLines weft, ResultLines yarn) {
    this.weft = weft;
    this.yarn = yarn;
  }

  /** Every table that has figures on at least one side, then the targets. */
  public String render() {
    StringBuilder s = new StringBuilder();
    section(s, "End-to-end latency (ms from the RM's submit time; median [min–max]; ratio = YARN / Weft)",
        endToEnd());
    section(s, "Scheduler allocations per second (ratio = Weft / YARN)", scheduler());
    section(s, "ResourceManager and NodeManager memory, MiB (ratio = YARN / Weft)", footprint());
    s.append("### Targets\n\n");
    targets().forEach(t -> s.append("- ").append(t).append('\n'));
    return s.toString();
  }

  private static void section(StringBuilder s, String title, MarkdownTable table) {
    if (!table.isEmpty()) {
      s.append("### ").append(title).append("\n\n").append(table.render()).append('\n');
    }
  }

  MarkdownTable endToEnd() {
    List<String> header = new ArrayList<>(List.of("AM", "N", "figure", "Weft"));
    for (String config : YARN_E2E_CONFIGS) {
      header.add("YARN " + config);
      header.add("×");
    }
    MarkdownTable table = new MarkdownTable(header);
    for (String variant : VARIANTS) {
      for (int n : containerCounts()) {
        for (String metric : E2E_METRICS) {
          String suffix = "." + variant + ".n" + n + "." + metric;
          Measure w = Measure.of(weft, "e2e.weft" + suffix);
          List<Measure> ys = YARN_E2E_CONFIGS.stream().map(c -> Measure.of(yarn, "e2e." + c + suffix)).toList();
          if (!w.isReported() && ys.stream().noneMatch(Measure::isReported)) {
            continue;
          }
          List<String> row = new ArrayList<>(List.of(variantName(variant), Integer.toString(n), metric, w.text()));
          for (Measure y : ys) {
            row.add(y.text());
            row.add(ratioText(Better.LOWER.ratio(w.value(), y.value())));
          }
          table.row(row);
        }
      }
    }
    return table;
  }

  private TreeSet<Integer> containerCounts() {
    TreeSet<Integer> ns = new TreeSet<>();
    for (ResultLines side : List.of(weft, yarn)) {
      for (String name : side.all().keySet()) {
        Matcher m = E2E_N.matcher(name);
        if (m.find()) {
          ns.add(Integer.parseInt(m.group(1)));
        }
      }
    }
    return ns;
  }

  static String variantName(String variant) {
    return variant.equals("trueam") ? "minimal AM" : "distributed shell";
  }

  MarkdownTable scheduler() {
    MarkdownTable table = new MarkdownTable(List.of("figure", "Weft", "YARN", "×"));
    Optional<String> weftNodes = weftSchedulerNodes();
    Measure steady = weftNodes.map(n -> Measure.of(weft, "sched.weft.nodes" + n + ".steady_allocations_per_s"))
        .orElse(Measure.MISSING);
    Measure together = weftNodes.map(n -> Measure.of(weft, "sched.weft.nodes" + n
        + ".concurrent_steady_allocations_per_s")).orElse(Measure.MISSING);
    Measure fill = weftNodes.map(n -> Measure.of(weft, "sched.weft.nodes" + n + ".fill_allocations_per_s"))
        .orElse(Measure.MISSING);
    String nodes = ", " + weftNodes.orElse("?") + " nodes (YARN: " + yarnSchedulerNodes().orElse("?") + ")";
    Measure warmUp = weftNodes.map(n -> Measure.of(weft, "sched.weft.nodes" + n + ".warm_up")).orElse(Measure.MISSING);
    String steadyAfter = warmUp.isPresent() ? ", after " + warmUp.text() + " of unmeasured rounds," : "";
    Optional<Map.Entry<String, Double>> best = bestYarnScheduler();
    Measure yarnBest = best.map(b -> Measure.of(yarn, "sched." + b.getKey() + ".allocations_per_s"))
        .orElse(Measure.MISSING);
    String bestName = best.map(Map.Entry::getKey).orElse("–");
    if (steady.isPresent() || yarnBest.isPresent()) {
      table.row(List.of("Weft steady state" + steadyAfter + " vs YARN's best (" + bestName + ")" + nodes, steady.text(),
          yarnBest.text(), ratioText(Better.HIGHER.ratio(steady.value(), yarnBest.value()))));
    }
    if (together.isPresent()) {
      table.row(List.of("the same, Weft's AMs calling together", together.text(), yarnBest.text(),
          ratioText(Better.HIGHER.ratio(together.value(), yarnBest.value()))));
    }
    if (fill.isPresent()) {
      table.row(List.of("Weft filling an empty cluster vs YARN's best (" + bestName + ")", fill.text(),
          yarnBest.text(), ratioText(Better.HIGHER.ratio(fill.value(), yarnBest.value()))));
    }
    for (String scenario : yarnSchedulerScenarios()) {
      Measure y = Measure.of(yarn, "sched." + scenario + ".allocations_per_s");
      table.row(List.of("Weft steady state vs YARN " + scenario, steady.text(), y.text(),
          ratioText(Better.HIGHER.ratio(steady.value(), y.value()))));
    }
    return table;
  }

  private Optional<String> yarnSchedulerNodes() {
    return yarnSchedulerScenarios().stream().map(s -> yarn.get("sched." + s + ".config.nodes"))
        .flatMap(Optional::stream).map(ResultLines.Figure::value).findFirst();
  }

  /** The cluster size Weft was measured at: YARN's if Weft has it, else the first Weft has. */
  private Optional<String> weftSchedulerNodes() {
    List<String> sizes = new ArrayList<>();
    for (String name : weft.all().keySet()) {
      Matcher m = WEFT_SCHED.matcher(name);
      if (m.find() && !sizes.contains(m.group(1))) {
        sizes.add(m.group(1));
      }
    }
    return yarnSchedulerNodes().filter(sizes::contains).or(() -> sizes.stream().findFirst());
  }

  /** Weft's steady-state rate at that size. */
  private double weftSteadyRate() {
    return weftSchedulerNodes()
        .map(n -> Measure.of(weft, "sched.weft.nodes" + n + ".steady_allocations_per_s").value()).orElse(Double.NaN);
  }

  private List<String> yarnSchedulerScenarios() {
    List<String> scenarios = new ArrayList<>();
    for (String name : yarn.all().keySet()) {
      Matcher m = YARN_SCHED.matcher(name);
      if (m.matches() && !m.group(1).equals("weft")) {
        scenarios.add(m.group(1));
      }
    }
    return scenarios;
  }

  /** The YARN scenario with the highest allocation rate and that rate. */
  Optional<Map.Entry<String, Double>> bestYarnScheduler() {
    return yarnSchedulerScenarios().stream()
        .map(s -> Map.entry(s, yarn.number("sched." + s + ".allocations_per_s").orElse(Double.NaN)))
        .filter(e -> !e.getValue().isNaN())
        .max(Comparator.comparingDouble(Map.Entry::getValue));
  }

  MarkdownTable footprint() {
    MarkdownTable table = new MarkdownTable(List.of("when", "figure", "Weft", "YARN", "×"));
    String weftAfter = afterAppsPhase(weft);
    String yarnAfter = afterAppsPhase(yarn);
    for (String[] phase : new String[][] {{"idle", "idle", "idle, 2 NMs"},
        {weftAfter, yarnAfter, "after " + appsText(weftAfter, yarnAfter) + " apps"}}) {
      for (String figure : FOOTPRINT_FIGURES) {
        Measure w = phase[0] == null ? Measure.MISSING : Measure.of(weft, "footprint.weft." + phase[0] + "." + figure);
        Measure y = phase[1] == null ? Measure.MISSING : Measure.of(yarn, "footprint." + phase[1] + "." + figure);
        if (w.isReported() || y.isReported()) {
          table.row(List.of(phase[2], figure, w.text(), y.text(), ratioText(Better.LOWER.ratio(w.value(), y.value()))));
        }
      }
    }
    Measure w = Measure.of(weft, "footprint.weft.tiny_apps_per_s");
    Measure y = Measure.of(yarn, "footprint.tiny_apps_per_s");
    if (w.isPresent() || y.isPresent()) {
      table.row(List.of("while running the apps", "tiny_apps_per_s", w.text(), y.text(),
          ratioText(Better.HIGHER.ratio(w.value(), y.value()))));
    }
    return table;
  }

  /** {@code after_1000_apps}, as that side named it (the number is how many apps completed). */
  private static String afterAppsPhase(ResultLines side) {
    for (String name : side.all().keySet()) {
      Matcher m = AFTER_APPS.matcher(name);
      if (m.find()) {
        return m.group(1);
      }
    }
    return null;
  }

  private static String appsText(String weftAfter, String yarnAfter) {
    String w = weftAfter == null ? "?" : weftAfter.split("_")[1];
    String y = yarnAfter == null ? "?" : yarnAfter.split("_")[1];
    return w.equals(y) ? w : w + " (Weft) / " + y + " (YARN)";
  }

  /** Each target with whether it is met, by how much, or by how much it is missed. */
  List<String> targets() {
    List<String> out = new ArrayList<>();
    // issue 18's targets: the minimal AM within 500 ms, 10x YARN's default and 5x YARN with 100 ms heartbeats;
    // the distributed shell within 250 ms
    double weft4 = Measure.of(weft, "e2e.weft.trueam.n4.finished").value();
    out.add(limitTarget("minimal AM, 4 containers, FINISHED ≤500 ms", weft4, 500));
    out.add(ratioTarget("minimal AM, 4 containers, FINISHED: ≥10× sooner than YARN default", weft4,
        Measure.of(yarn, "e2e.default.trueam.n4.finished").value(), 10, Better.LOWER));
    out.add(ratioTarget("minimal AM, 4 containers, FINISHED: ≥5× sooner than YARN hb100ms", weft4,
        Measure.of(yarn, "e2e.hb100ms.trueam.n4.finished").value(), 5, Better.LOWER));
    double ds4 = Measure.of(weft, "e2e.weft.ds.n4.finished").value();
    out.add(limitTarget("distributed shell, 4 containers, FINISHED ≤250 ms", ds4, 250));
    out.add(ratioTarget("distributed shell, 4 containers, FINISHED: ≥24× sooner than YARN default", ds4,
        Measure.of(yarn, "e2e.default.ds.n4.finished").value(), 24, Better.LOWER));
    double best = bestYarnScheduler().map(Map.Entry::getValue).orElse(Double.NaN);
    out.add(ratioTarget("allocations/s: ≥11× YARN's best", weftSteadyRate(), best, 11, Better.HIGHER));
    // issue 17: 20x, with the AMs calling one after the other and together
    out.add(ratioTarget("allocations/s: ≥20× YARN's best", weftSteadyRate(), best, 20, Better.HIGHER));
    double together = weftSchedulerNodes().map(n -> Measure.of(weft, "sched.weft.nodes" + n
        + ".concurrent_steady_allocations_per_s").value()).orElse(Double.NaN);
    out.add(ratioTarget("allocations/s, Weft's AMs calling together: ≥20× YARN's best", together, best, 20,
        Better.HIGHER));
    return out;
  }

  private static String limitTarget(String what, double weftMs, double limitMs) {
    if (Double.isNaN(weftMs)) {
      return what + ": not measured";
    }
    return what + ": " + (weftMs <= limitMs ? "met" : "missed by " + Measure.number(weftMs - limitMs) + " ms")
        + " (median " + Measure.number(weftMs) + " ms)";
  }

  static String ratioTarget(String what, double weft, double yarn, double wanted, Better better) {
    double ratio = better.ratio(weft, yarn);
    if (Double.isNaN(ratio)) {
      return what + ": not measured on both sides";
    }
    if (ratio >= wanted) {
      return what + ": met (" + ratioText(ratio) + ")";
    }
    double needed = better == Better.LOWER ? yarn / wanted : yarn * wanted;
    return what + ": missed, " + ratioText(ratio) + " of " + ratioText(wanted) + " (Weft would need "
        + (better == Better.LOWER ? "≤" : "≥") + Measure.number(needed) + ", has " + Measure.number(weft) + ")";
  }

  static String ratioText(double ratio) {
    return Double.isNaN(ratio) ? "–" : String.format(Locale.ROOT, "%.1f×", ratio);
  }
}
