#!/usr/bin/env bash
# Durability and restart figures (issue 10), each printed as result lines:
#   bin/bench-restart.sh pause [--runs 3] [--tasks 400] [--task-ms 50]   the pause a running job sees across
#                                                                       kill -9 + restart of the RM (daemons as processes)
#   bin/bench-restart.sh cost [--rounds 3] [--apps 100] [--concurrency 4] [--zookeeper true]  tiny-app throughput and submit latency,
#                                                                       RocksDB store against the in-memory store (and the ZooKeeper store of an HA RM)
#   bin/bench-restart.sh start [--apps 10000] [--runs 5]                 RM process start -> serving with N apps stored
set -euo pipefail
cd "$(dirname "$0")/.."
part="${1:-}"; shift || true
case "$part" in
  pause) main=io.weft.bench.RmRestartPause ;;
  cost) main=io.weft.bench.DurabilityCost ;;
  start) main=io.weft.bench.RmStartWithStore ;;
  *) echo "usage: bin/bench-restart.sh pause|cost|start [options]" >&2; exit 2 ;;
esac
./mvnw -q -B ${MAVEN_REPO:+-Dmaven.repo.local=$MAVEN_REPO} -pl benchmarks,dist -am package -DskipTests
exec java -Xmx1g -Dlog4j2.configurationFile=classpath:log4j2-bench.xml \
  -cp "$PWD/benchmarks/target/weft-benchmarks-0.1.0-SNAPSHOT.jar:$PWD/benchmarks/target/lib/*" "$main" "$@"
