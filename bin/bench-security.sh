#!/usr/bin/env bash
# The cost of secure mode (issue 13), both sides in one run: TLS + certificates vs plaintext, each part alternating
# the sides so that neither has the machine's quieter minutes to itself.
#   1. submit -> FINISHED of a 4-container distributed shell on a 2-NM local cluster with warm JVMs, as daemons
#      have them (SecurityCost: plaintext, TLS, plaintext, TLS)
#   2. allocations per second through the wire (WireThroughput, plaintext, --tls, plaintext, --tls): 50 simulated
#      NMs that register, heartbeat and check container / NM tokens as the real NM does, 100 in-process AMs
#   3. heartbeat p99 at 10,000 NMs (HeartbeatScale, plaintext, --tls, --tls, plaintext): the RM in this JVM on ZGC,
#      as bin/weft runs the ResourceManager, the 10,000 simulated NMs (one connection each) in a child JVM
# Usage: bin/bench-security.sh [rounds] (default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B ${MAVEN_REPO:+-Dmaven.repo.local=$MAVEN_REPO} -pl benchmarks -am package -DskipTests
cp="$PWD/benchmarks/target/weft-benchmarks-0.1.0-SNAPSHOT.jar:$PWD/benchmarks/target/lib/*"
run() { java -Xmx2g -Dlog4j2.configurationFile=classpath:log4j2-bench.xml -cp "$cp" "$@"; }
echo "== 1. distributed shell, submit -> FINISHED"
run io.weft.bench.SecurityCost "${1:-5}" --warm-jvms
for side in "" --tls "" --tls; do
  echo "== 2. allocations through the wire ${side:-(plaintext)}, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  run io.weft.bench.WireThroughput 50 100 20 10 5 $side
done
for side in "" --tls --tls ""; do
  echo "== 3. heartbeats of 10,000 NMs every second ${side:-(plaintext)}, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  run -XX:+UseZGC io.weft.bench.HeartbeatScale 10000 30 1000 stream --ams=0 $side
done
