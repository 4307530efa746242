#!/usr/bin/env bash
# Issue 19's figure: the cluster resources an application holds while its driver is idle, with fixed executors and
# with dynamic allocation, both in one run on a local cluster (real processes).
# Usage: bin/bench-idle-resources.sh [idle-timeout-seconds]   (default 10)
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B ${MAVEN_REPO:+-Dmaven.repo.local=$MAVEN_REPO} -pl benchmarks -am package -DskipTests
exec java -Xmx1g -Dlog4j2.configurationFile=classpath:log4j2-bench.xml \
  -cp "$PWD/benchmarks/target/weft-benchmarks-0.1.0-SNAPSHOT.jar:$PWD/benchmarks/target/lib/*" \
  io.weft.bench.IdleResources "$@"
