#!/usr/bin/env bash
# Benchmark 4: N simulated NodeManagers heartbeating every second to the RM's gRPC server, and 100 unmanaged AMs
# calling Allocate every second (--ams=N for another count, 0 for none).
# Usage: bin/bench-heartbeat.sh [nodes] [seconds] [interval-ms] [stream|unary] [--ams=N] [--warm-up=S] [--tls] [--split-cores]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B ${MAVEN_REPO:+-Dmaven.repo.local=$MAVEN_REPO} -pl benchmarks -am package -DskipTests
# the RM runs in this JVM: with the collector bin/weft gives the ResourceManager daemon
exec java -Xmx2g -XX:+UseZGC -Dlog4j2.configurationFile=classpath:log4j2-bench.xml \
  -cp "benchmarks/target/weft-benchmarks-0.1.0-SNAPSHOT.jar:benchmarks/target/lib/*" \
  io.weft.bench.HeartbeatScale "$@"
