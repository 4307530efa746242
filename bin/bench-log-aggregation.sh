#!/usr/bin/env bash
# The cost of log aggregation: time from FINISHED to logAggregationStatus SUCCEEDED, and NodeManager CPU, for a
# distributed shell of N containers writing M MB of logs each on a local cluster (history server embedded).
# Usage: bin/bench-log-aggregation.sh [containers] [MB per container]   (default: 100 10)
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B ${MAVEN_REPO:+-Dmaven.repo.local=$MAVEN_REPO} -pl benchmarks -am package -DskipTests
exec java -Xmx1g -Dlog4j2.configurationFile=classpath:log4j2-bench.xml \
  -cp "$PWD/benchmarks/target/weft-benchmarks-0.1.0-SNAPSHOT.jar:$PWD/benchmarks/target/lib/*" \
  io.weft.bench.LogAggregationCost "$@"
