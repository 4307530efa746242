#!/usr/bin/env bash
# Chaos figures (issue 11): a timed chaos run on daemon processes, as the README reports it.
#   bin/bench-chaos.sh [minutes] [seed]
# Keeps 3 applications (WordCount in cluster and client mode, SalesByCountry, distributed shells) in
# flight on 1 RM and 3 NMs for [minutes] (default 10) while executors, AM containers, NMs and the RM
# are killed with kill -9 every 8-25 s, on a schedule drawn from [seed] (default: random, printed).
# Prints applications run, kills survived, wrong answers (must be 0), failures with their
# diagnostics, anything left running, and the load average. Exits non-zero if the run was not clean.
# The same run, short, is ChaosTest in `./mvnw verify`.
set -euo pipefail
cd "$(dirname "$0")/.."
minutes="${1:-10}"
seed="${2:-$(od -An -N8 -tu8 /dev/urandom | tr -d ' ')}"
report="$PWD/integration-tests/target/chaos-report.txt"
mkdir -p "$(dirname "$report")"
rm -f "$report"
echo "chaos: ${minutes} min, seed ${seed} (replay: bin/bench-chaos.sh ${minutes} ${seed}); started $(date -u +%FT%TZ)"
status=0
./mvnw -q -B ${MAVEN_REPO:+-Dmaven.repo.local=$MAVEN_REPO} -pl integration-tests -am verify \
  -Dtest=ChaosTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dchaos.minutes="$minutes" -Dchaos.seed="$seed" -Dchaos.report="$report" >/dev/null 2>&1 || status=$?
if [[ -f "$report" ]]; then
  cat "$report"
else
  echo "no report: the run did not get that far; see integration-tests/target/surefire-reports/io.weft.it.chaos.ChaosTest*" >&2
fi
echo "load average now: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
exit "$status"
