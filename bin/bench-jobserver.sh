#!/usr/bin/env bash
# Issue 19's figure: a small job on a warm job server against weft submit of the same job, on a local cluster
# (real processes), both in one run.
# Usage: bin/bench-jobserver.sh [runs]   (default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B ${MAVEN_REPO:+-Dmaven.repo.local=$MAVEN_REPO} -pl benchmarks -am package -DskipTests
exec java -Xmx1g -Dlog4j2.configurationFile=classpath:log4j2-bench.xml \
  -cp "$PWD/benchmarks/target/weft-benchmarks-0.1.0-SNAPSHOT.jar:$PWD/benchmarks/target/lib/*" \
  io.weft.bench.JobServerLatency "$@"
