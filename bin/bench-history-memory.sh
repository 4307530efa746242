#!/usr/bin/env bash
# Issue 16: the heap of a history server retaining N finished applications (default 1,000).
# Usage: bin/bench-history-memory.sh [applications]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B ${MAVEN_REPO:+-Dmaven.repo.local=$MAVEN_REPO} -pl benchmarks -am package -DskipTests
exec java -Xmx2g -Dlog4j2.configurationFile=classpath:log4j2-bench.xml \
  -cp "benchmarks/target/weft-benchmarks-0.1.0-SNAPSHOT.jar:benchmarks/target/lib/*" \
  io.weft.bench.HistoryServerMemory "$@"
