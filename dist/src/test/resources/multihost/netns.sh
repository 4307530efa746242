#!/usr/bin/env bash
# Hosts that are really separate for the multi-host test: one Linux network namespace per host, each
# with its own address on 10.77.0.0/24 and nothing else (no route out, its own loopback), joined by a
# bridge that lives in a namespace of its own, so that the machine's own network is never touched.
#   netns.sh up <prefix> <host>...     makes <prefix>-br and <prefix>-<host> for each host; the n-th host
#                                      gets 10.77.0.<n> (the first 10.77.0.1) on its interface eth0
#   netns.sh down <prefix>             kills by pid every process in the namespaces, then deletes them
# Needs root (CAP_SYS_ADMIN and CAP_NET_ADMIN) and iproute2. Exits 3 when the kernel refuses to make a
# namespace (a container without those capabilities), so that the caller can skip with that reason.
set -euo pipefail

usage() {
  echo "usage: netns.sh up <prefix> <host>... | netns.sh down <prefix>" >&2
  exit 2
}

[[ $# -ge 2 ]] || usage
action="$1"
prefix="$2"
shift 2
[[ "$prefix" =~ ^[a-z0-9-]{1,8}$ ]] || { echo "netns.sh: prefix '$prefix' must be 1-8 of [a-z0-9-]" >&2; exit 2; }

down() {
  local ns
  for ns in $(ip netns list | awk '{print $1}' | grep -E "^${prefix}-" || true); do
    local pids
    pids="$(ip netns pids "$ns" 2>/dev/null || true)"
    if [[ -n "$pids" ]]; then
      # shellcheck disable=SC2086
      kill -9 $pids 2>/dev/null || true
    fi
    ip netns delete "$ns" 2>/dev/null || true
  done
}

case "$action" in
  up)
    [[ $# -ge 1 ]] || usage
    if ! ip netns add "${prefix}-br" 2>/tmp/netns-$$.err; then
      cat /tmp/netns-$$.err >&2
      rm -f /tmp/netns-$$.err
      exit 3
    fi
    rm -f /tmp/netns-$$.err
    trap 'down' ERR
    ip -n "${prefix}-br" link add br0 type bridge
    ip -n "${prefix}-br" link set br0 up
    n=0
    for host in "$@"; do
      n=$((n + 1))
      ns="${prefix}-${host}"
      ip netns add "$ns"
      ip link add eth0 netns "$ns" type veth peer name "p${n}" netns "${prefix}-br"
      ip -n "${prefix}-br" link set "p${n}" master br0 up
      ip -n "$ns" addr add "10.77.0.${n}/24" dev eth0
      ip -n "$ns" link set eth0 up
      ip -n "$ns" link set lo up
    done
    ;;
  down)
    down
    ;;
  *)
    usage
    ;;
esac
