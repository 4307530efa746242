#!/usr/bin/env bash
# Benchmark 3: start-up latency end to end on a local cluster (real processes).
# Usage: bin/bench-startup.sh [runs] [applications: executor counts or pi, comma separated] [key=value ...]
#        (default: 5 0,1,4,16,pi)
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B ${MAVEN_REPO:+-Dmaven.repo.local=$MAVEN_REPO} -pl benchmarks -am package -DskipTests
exec java -Xmx1g -Dlog4j2.configurationFile=classpath:log4j2-bench.xml \
  -cp "$PWD/benchmarks/target/weft-benchmarks-0.1.0-SNAPSHOT.jar:$PWD/benchmarks/target/lib/*" \
  io.weft.bench.StartupLatency "$@"
