#!/usr/bin/env bash
# Runs a Weft daemon in the background, as Hadoop's hadoop-daemon.sh / yarn --daemon:
#   weft-daemon.sh [--config <conf dir>] start|stop|status resourcemanager|nodemanager|historyserver [--conf key=value]...
# start   launches bin/weft <daemon> with nohup, records its pid in the pid file, appends its stdout and
#         stderr to the .out file; refuses when the recorded pid is still running; removes a stale pid file.
# stop    SIGTERM to the recorded pid, SIGKILL if it is still alive after WEFT_STOP_TIMEOUT seconds (default 5).
# status  exit 0 when the recorded pid is running, 1 when not.
# Environment: WEFT_HOME, WEFT_CONF_DIR (as bin/weft); WEFT_PID_DIR (default $WEFT_HOME/pids, else /tmp when
# that cannot be made); WEFT_LOG_DIR (default $WEFT_HOME/logs); WEFT_IDENT_STRING (default $USER) names the
# files: weft-<ident>-<daemon>.pid and weft-<ident>-<daemon>-<host>.out.
set -euo pipefail

usage() {
  echo "Usage: weft-daemon.sh [--config <conf dir>] start|stop|status resourcemanager|nodemanager|historyserver [--conf key=value]..." >&2
  exit 2
}

script="${BASH_SOURCE[0]}"
while [[ -L "$script" ]]; do
  link_dir="$(cd -P "$(dirname "$script")" && pwd)"
  script="$(readlink "$script")"
  [[ "$script" == /* ]] || script="$link_dir/$script"
done
bin="$(cd -P "$(dirname "$script")" && pwd)"

if [[ "${1:-}" == "--config" ]]; then
  [[ $# -ge 2 ]] || usage
  WEFT_CONF_DIR="$2"
  export WEFT_CONF_DIR
  shift 2
fi
[[ $# -ge 2 ]] || usage
action="$1"
daemon="$2"
shift 2
case "$action" in start | stop | status) ;; *) usage ;; esac
case "$daemon" in resourcemanager | nodemanager | historyserver) ;; *) usage ;; esac

# The installation, found as bin/weft finds it (beside this script, or dist/target/weft in a source tree).
if [[ -n "${WEFT_HOME:-}" ]]; then
  home="$WEFT_HOME"
elif compgen -G "$bin/../lib/weft-dist-*.jar" >/dev/null; then
  home="$(cd "$bin/.." && pwd)"
elif compgen -G "$bin/../dist/target/weft/lib/weft-dist-*.jar" >/dev/null; then
  home="$(cd "$bin/../dist/target/weft" && pwd)"
else
  echo "weft-daemon.sh: no installation found next to $bin; set WEFT_HOME" >&2
  exit 1
fi
ident="${WEFT_IDENT_STRING:-${USER:-$(id -un)}}"
host="$(hostname 2>/dev/null || echo localhost)"
stop_timeout="${WEFT_STOP_TIMEOUT:-5}"

if [[ -n "${WEFT_PID_DIR:-}" ]]; then
  pid_dir="$WEFT_PID_DIR"
elif mkdir -p "$home/pids" 2>/dev/null && [[ -w "$home/pids" ]]; then
  pid_dir="$home/pids"
else
  pid_dir="/tmp"
fi
log_dir="${WEFT_LOG_DIR:-$home/logs}"
pid_file="$pid_dir/weft-$ident-$daemon.pid"
out_file="$log_dir/weft-$ident-$daemon-$host.out"

# The pid recorded in the pid file, or nothing.
recorded_pid() {
  [[ -f "$pid_file" ]] || return 0
  local pid
  pid="$(tr -dc '0-9' <"$pid_file")"
  echo "$pid"
}

# Whether $1 is a live process of this daemon: a reused pid that now belongs to something else is not.
is_running() {
  local pid="$1"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 1
  if [[ -r "/proc/$pid/cmdline" ]]; then
    # bin/weft before it execs java, or the JVM after
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -Eq "(io\.weft\.dist\.Weft|/weft) $daemon( |\$)" || return 1
  fi
  return 0
}

# Keeps the last five .out files, as Hadoop does: .out -> .out.1 -> ... -> .out.5.
rotate_out() {
  [[ -f "$out_file" ]] || return 0
  local n
  for n in 4 3 2 1; do
    [[ -f "$out_file.$n" ]] && mv -f "$out_file.$n" "$out_file.$((n + 1))"
  done
  mv -f "$out_file" "$out_file.1"
}

# Waits up to $2 seconds (in tenths) for pid $1 to end; returns 1 if it is still alive.
await_exit() {
  local pid="$1" tenths=$(($2 * 10))
  while ((tenths > 0)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
    tenths=$((tenths - 1))
  done
  ! kill -0 "$pid" 2>/dev/null
}

start() {
  local pid
  pid="$(recorded_pid)"
  if is_running "$pid"; then
    echo "$daemon is already running as process $pid (pid file $pid_file); stop it first" >&2
    exit 1
  fi
  if [[ -f "$pid_file" ]]; then
    echo "removing stale pid file $pid_file (process ${pid:-?} is not running)"
    rm -f "$pid_file"
  fi
  mkdir -p "$pid_dir" "$log_dir"
  rotate_out
  echo "starting $daemon, logging to $out_file"
  WEFT_LOG_DIR="$log_dir" WEFT_HOME="$home" nohup "$bin/weft" "$daemon" "$@" >"$out_file" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$pid_file"
  # A daemon that cannot start (bad configuration, port in use) exits at once: say so instead of "started".
  if await_exit "$pid" 1; then
    rm -f "$pid_file"
    echo "$daemon failed to start; the end of $out_file:" >&2
    tail -n 20 "$out_file" >&2
    exit 1
  fi
}

stop() {
  local pid
  pid="$(recorded_pid)"
  if ! is_running "$pid"; then
    echo "no $daemon to stop"
    rm -f "$pid_file"
    return 0
  fi
  echo "stopping $daemon (process $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  if ! await_exit "$pid" "$stop_timeout"; then
    echo "$daemon (process $pid) did not stop within $stop_timeout s of SIGTERM; killing it with SIGKILL" >&2
    kill -KILL "$pid" 2>/dev/null || true
    await_exit "$pid" 5 || { echo "process $pid survived SIGKILL" >&2; exit 1; }
  fi
  rm -f "$pid_file"
}

status() {
  local pid
  pid="$(recorded_pid)"
  if is_running "$pid"; then
    echo "$daemon is running as process $pid"
    exit 0
  fi
  if [[ -f "$pid_file" ]]; then
    echo "$daemon is not running (stale pid file $pid_file names process ${pid:-?})"
  else
    echo "$daemon is not running"
  fi
  exit 1
}

"$action" "$@"
