#!/usr/bin/env bash
# Weft and Hadoop YARN 3.4.2 side by side, in one run: end-to-end latency (minimal AM and distributed shell,
# N = 1, 4, 16), scheduler allocations/s, RM/NM memory idle and after 1,000 apps. YARN runs through the peer
# harness (default ../shared/peers/hadoop-yarn, its run.sh; the first run builds it with mvn).
# Prints the tables with ratios and saves them to benchmarks/results/vs-yarn-<UTC time>.md.
#   bin/bench-vs-yarn.sh --quick        # smoke run of both sides (~15 min)
#   bin/bench-vs-yarn.sh                # full run (~1 h; the YARN side alone takes ~40 min)
#   bin/bench-vs-yarn.sh --parts sched  # only some parts: e2e, sched, footprint
# Other options: --yarn-harness DIR, --yarn-results FILE,... (reuse an earlier harness results file instead of
# running YARN), --out DIR, --weft-home DIR, --tiny-app-concurrency N. MAVEN_REPO=… picks a local Maven repository.
# See docs/bench-vs-yarn.md for what each figure means on each side.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B ${MAVEN_REPO:+-Dmaven.repo.local=$MAVEN_REPO} -pl benchmarks,dist -am package -DskipTests
exec java -Dlog4j2.configurationFile=classpath:log4j2-bench.xml \
  -cp "benchmarks/target/weft-benchmarks-0.1.0-SNAPSHOT.jar:benchmarks/target/lib/*" \
  io.weft.bench.yarn.BenchVsYarn "$@"
