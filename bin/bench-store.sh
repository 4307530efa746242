#!/usr/bin/env bash
# Benchmark: the RM state store. (a) open+load of a store of 10,000 finished applications with 2
# attempts each (median of 5); (b) save latency p50/p99 and throughput, RocksDB sync=true vs
# sync=false vs the in-memory store vs the ZooKeeper store (HA) on a local ZooKeeper server; (c) per
# application submit (application + attempt saves); (d) load of the ZooKeeper store. The stores live in
# temp dirs (java.io.tmpdir).
# Usage: bin/bench-store.sh [applications] [latency-writes] [throughput-writes]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B ${MAVEN_REPO:+-Dmaven.repo.local=$MAVEN_REPO} -pl benchmarks -am package -DskipTests
exec java -Xmx2g -Dlog4j2.configurationFile=classpath:log4j2-bench.xml \
  -cp "benchmarks/target/weft-benchmarks-0.1.0-SNAPSHOT.jar:benchmarks/target/lib/*" \
  io.weft.bench.StateStoreBenchmark "$@"
