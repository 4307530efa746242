/**
 * Weft measured side by side with Hadoop YARN 3.4.2 in one run ({@code bin/bench-vs-yarn.sh},
 * {@link io.weft.bench.yarn.BenchVsYarn}): Weft's measurements mirror the peer harness's
 * ({@code ../shared/peers/hadoop-yarn}), both write the harness's {@code name: value unit} result lines, and
 * {@link io.weft.bench.yarn.SideBySideReport} puts them side by side. What each figure means on each side:
 * {@code docs/bench-vs-yarn.md}.
 */
package io.weft.bench.yarn;
