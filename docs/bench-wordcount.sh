#!/usr/bin/env bash
# WordCount on a generated 100 MB text file: local[2], then a local cluster (2 NMs) with 2 executors
# of 1 core in cluster mode. Prints the wall time of each `weft submit` (JVM start included); the
# median of RUNS runs goes into README's Performance section. Needs a build: ./mvnw -q package -DskipTests
# Usage: docs/bench-wordcount.sh [MB] [RUNS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mb="${1:-100}"; runs="${2:-3}"
weft="$root/bin/weft"; jar="$root/dist/target/weft/examples/weft-examples.jar"
work="$(mktemp -d /tmp/weft-bench-XXXXXX)"
cluster_pid=""
cleanup() { [[ -n "$cluster_pid" ]] && kill "$cluster_pid" 2>/dev/null && wait "$cluster_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
java -cp "$root/dist/target/weft/lib/*:$jar" io.weft.examples.GenerateText "$work/input.txt" "$mb"

time_run() { # label, args...
  local label="$1"; shift
  local start end
  start=$(date +%s.%N)
  "$weft" submit "$@" >"$work/last.log" 2>&1 || { cat "$work/last.log"; exit 1; }
  end=$(date +%s.%N)
  printf '%s %.2f\n' "$label" "$(echo "$end - $start" | bc)"
}

for i in $(seq "$runs"); do
  time_run "local[2]" --master 'local[2]' --class io.weft.examples.WordCount "$jar" "$work/input.txt" "$work/out-local-$i" 4
done

port=$((20000 + RANDOM % 20000))
"$weft" local-cluster --nodes 2 --rm-port "$port" --work-dir "$work/cluster" >"$work/cluster.log" 2>&1 &
cluster_pid=$!
for _ in $(seq 60); do grep -q "Local cluster up" "$work/cluster.log" 2>/dev/null && break; sleep 1; done
for i in $(seq "$runs"); do
  time_run "cluster(2x1core)" --master "weft://127.0.0.1:$port" --deploy-mode cluster --class io.weft.examples.WordCount \
    --num-executors 2 --executor-cores 1 --executor-memory 1g --driver-memory 1g "$jar" "$work/input.txt" "$work/out-cluster-$i" 4
done
diff <(cat "$work"/out-local-1/part-*) <(cat "$work"/out-cluster-1/part-*) >/dev/null && echo "local and cluster outputs are identical"
