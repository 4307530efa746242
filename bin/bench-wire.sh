#!/usr/bin/env bash
# Benchmark 2: allocations through the RM's gRPC server on loopback.
# Usage: bin/bench-wire.sh [nodes] [apps] [seconds] [containers-per-app] [churn-per-call] [--tls] [--rest-reader]
#   [--rate=N] [--warm-up=S]
# --rest-reader: a process of its own at niceness 19 GETs /ws/v1/cluster/apps in a loop during the run and prints
#   how many it got (a dashboard on another host takes none of the RM's CPU).
# --rate=N: the AMs call on a schedule offering N allocations/s (default: each calls again when answered).
# --warm-up=S: the first S seconds are not measured (default min(5, seconds/4)).
# This JVM and the RM's (RmProcess) touch their whole 2 GB heap at start: a heap growing into fresh memory mid-run
#   stalled every call for 100-260 ms on the reference VM (docs/design.md, "The ResourceManager's JVM").
# The RM runs in a JVM of its own on ZGC (a 2 GB heap), as `bin/weft resourcemanager` runs it; the simulated AMs and
# NMs in this one.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B ${MAVEN_REPO:+-Dmaven.repo.local=$MAVEN_REPO} -pl benchmarks -am package -DskipTests
exec java -Xms2g -Xmx2g -XX:+AlwaysPreTouch -XX:+UseZGC -Dlog4j2.configurationFile=classpath:log4j2-bench.xml \
  -cp "benchmarks/target/weft-benchmarks-0.1.0-SNAPSHOT.jar:benchmarks/target/lib/*" \
  io.weft.bench.WireThroughput "$@"
