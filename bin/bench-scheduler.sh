#!/usr/bin/env bash
# Benchmark 1: scheduler throughput in-process. Usage: bin/bench-scheduler.sh [nodes,nodes,...] [rounds] [--warm-up=S]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B ${MAVEN_REPO:+-Dmaven.repo.local=$MAVEN_REPO} -pl benchmarks -am package -DskipTests
exec java -Xms4g -Xmx8g -XX:+UseParallelGC -Dlog4j2.configurationFile=classpath:log4j2-bench.xml \
  -cp "benchmarks/target/weft-benchmarks-0.1.0-SNAPSHOT.jar:benchmarks/target/lib/*" \
  io.weft.bench.SchedulerThroughput "$@"
