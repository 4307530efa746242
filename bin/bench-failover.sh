#!/usr/bin/env bash
# ResourceManager HA failover figures (issue 12), printed as result lines:
#   bin/bench-failover.sh [--rounds 10] [--tasks 6000] [--task-ms 50] [--zk-timeout-ms N]
# kill -9 of the active RM -> first client call answered by the new active, and the pause a running
# client-mode job sees, with the default settings; ZooKeeper, RMs and NMs as processes on this machine.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B ${MAVEN_REPO:+-Dmaven.repo.local=$MAVEN_REPO} -pl benchmarks,dist -am package -DskipTests
exec java -Xmx1g -Dlog4j2.configurationFile=classpath:log4j2-bench.xml \
  -cp "$PWD/benchmarks/target/weft-benchmarks-0.1.0-SNAPSHOT.jar:$PWD/benchmarks/target/lib/*" io.weft.bench.RmFailover "$@"
