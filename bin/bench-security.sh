#!/usr/bin/env bash
# The cost of secure mode (issue 13), both sides in one run: TLS + certificates vs plaintext.
#   1. submit -> FINISHED of a 4-container distributed shell on a 2-NM local cluster (SecurityCost)
#   2. allocations per second through the wire (WireThroughput, with and without --tls): 50 simulated NMs
#      that register, heartbeat and check container / NM tokens as the real NM does, 100 in-process AMs
#   3. heartbeat p99 at 10,000 NMs (HeartbeatScale, with and without --tls): the RM in this JVM, the 10,000
#      simulated NMs (one connection each) in a child JVM it starts with the same class path and -Xmx2g;
#      once on shared cores, once with the RM and the simulators on a core each (--split-cores)
# Usage: bin/bench-security.sh [rounds] (default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B ${MAVEN_REPO:+-Dmaven.repo.local=$MAVEN_REPO} -pl benchmarks -am package -DskipTests
cp="$PWD/benchmarks/target/weft-benchmarks-0.1.0-SNAPSHOT.jar:$PWD/benchmarks/target/lib/*"
run() { java -Xmx2g -Dlog4j2.configurationFile=classpath:log4j2-bench.xml -cp "$cp" "$@"; }
echo "== 1. distributed shell, submit -> FINISHED"
run io.weft.bench.SecurityCost "${1:-5}"
for side in "" --tls; do
  echo "== 2. allocations through the wire ${side:-(plaintext)}"
  run io.weft.bench.WireThroughput 50 100 20 10 5 $side
done
# --split-cores: the RM on CPU 0, the simulated NMs on the other (they are other machines in a cluster)
for cores in "" --split-cores; do
  for side in "" --tls; do
    echo "== 3. heartbeats of 10,000 NMs every second ${side:-(plaintext)} ${cores:-(cores shared)}"
    run io.weft.bench.HeartbeatScale 10000 30 1000 stream $side $cores
  done
done
