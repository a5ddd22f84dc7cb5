#!/usr/bin/env bash
# The gateway's cost between two hosts (issue 22): in the two network namespaces of scripts/gateway-two-hosts,
#   (1) plain Cyclone DDS request/reply in C (Native/dds_reqrep.c: two topics with a correlation header) — the
#       engine's own cost per round trip;
#   (2) a ZeroCopyIPC round trip through two zcipc-gateway processes (client on host B, server on host A,
#       gateway-test-peer ping-client / ping-server, u64 payload).
# Prints both medians and p90s, their ratio (target: at most 1.5), and the load average; wall-clock numbers only
# mean something on a quiet machine.
#
#   Benchmarks/scripts/gateway-bench.sh [BIN_DIR] [COUNT]     (root; BIN_DIR default .build/release or .build/debug)
#
# With STRACE=1 both gateways run under `strace -c -f` (every thread, Cyclone's included) and their syscall
# summaries are printed after the round trips: a count per round trip that load does not change (the wall-clock
# numbers mean nothing then). Debug binaries cost several times release ones per message: measure release.
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
BIN=${1:-}
if [ -z "$BIN" ]; then BIN=$repo/.build/release; [ -x "$BIN/zcipc-gateway" ] || BIN=$repo/.build/debug; fi
BIN=$(cd "$BIN" && pwd)
COUNT=${2:-2000}
source "$repo/scripts/two-hosts-lib.sh"
for exe in zcipc-gateway gateway-test-peer; do
    [ -x "$BIN/$exe" ] || { echo "$BIN/$exe is not built (swift build --product $exe)"; exit 1; }
done
# The C baseline, built from the IDL with idlc into Benchmarks/.build-native (not /tmp: each host has its own).
native="$repo/Benchmarks/.build-native"
mkdir -p "$native"
idlc -o "$native" "$repo/Benchmarks/Native/dds_reqrep_gen.idl" 2>/dev/null
gcc -O2 -I"$native" -o "$native/dds_reqrep" "$repo/Benchmarks/Native/dds_reqrep.c" "$native/dds_reqrep_gen.c" -lddsc \
    || { echo "building the C baseline failed (apt-get install cyclonedds-dev gcc)"; exit 1; }
setup_hosts

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
trace_c=()
[ "${STRACE:-0}" = 1 ] && trace_c=(strace -c -f -o "$native/dds-server.strace")
start "$KEEPER_A" dds-server.log "${trace_c[@]}" "$native/dds_reqrep" server "$ADDR_A" "$ADDR_B" 60; DDS_SERVER=$LAST
wait_for "$WORK/dds-server.log" READY 10
baseline=$(on "$KEEPER_B" "$native/dds_reqrep" client "$ADDR_B" "$ADDR_A" "$COUNT" 8)
if [ "${STRACE:-0}" = 1 ]; then kill -TERM $(pgrep -P "$DDS_SERVER") 2>/dev/null; else kill -TERM "$DDS_SERVER"; fi
wait "$DDS_SERVER" 2>/dev/null
echo "plain Cyclone DDS request/reply (C): $baseline"
if [ "${STRACE:-0}" = 1 ]; then
    echo "syscalls of the plain C server for $COUNT round trips (and its start-up):"
    head -n 8 "$native/dds-server.strace"
fi

trace_a=() trace_b=()
if [ "${STRACE:-0}" = 1 ]; then
    # Written where both hosts see it (each has its own /tmp).
    trace_a=(strace -c -f -o "$native/gw-a.strace") trace_b=(strace -c -f -o "$native/gw-b.strace")
fi
start "$KEEPER_A" gw-a.log "${trace_a[@]}" "$BIN/zcipc-gateway" --host-name host-a --interface "$ADDR_A" --peer "$ADDR_B" --run-for 120 ${GATEWAY_FLAGS:-}; GW_A=$LAST
start "$KEEPER_B" gw-b.log "${trace_b[@]}" "$BIN/zcipc-gateway" --host-name host-b --interface "$ADDR_B" --peer "$ADDR_A" --run-for 120 ${GATEWAY_FLAGS:-}; GW_B=$LAST
start "$KEEPER_A" ping-server.log "$BIN/gateway-test-peer" ping-server gw/bench 100; PING=$LAST
wait_for "$WORK/gw-b.log" "mirrored server 'gw/bench'" 20 || { echo "the gateways did not mirror gw/bench"; cat "$WORK"/gw-*.log; exit 1; }
through=$(on "$KEEPER_B" "$BIN/gateway-test-peer" ping-client gw/bench "$COUNT" 60)
echo "ZeroCopyIPC through two gateways:     $through"
if [ "${STRACE:-0}" = 1 ]; then
    # Each gateway (strace's child) stops on SIGTERM; strace then writes its summary and exits.
    kill -TERM "$PING" $(pgrep -P "$GW_A") $(pgrep -P "$GW_B") 2>/dev/null; wait "$GW_A" "$GW_B" 2>/dev/null
    for side in a b; do
        echo "syscalls of gateway $side for $COUNT round trips (and its start-up and discovery):"
        head -n 12 "$native/gw-$side.strace"
    done
fi
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
b=$(echo "$baseline" | awk '{print $5}')
g=$(echo "$through" | awk '{print $5}')
[ -n "$b" ] && [ -n "$g" ] && awk -v b="$b" -v g="$g" 'BEGIN { printf "median ratio gateways / plain DDS: %.2f (target at most 1.5)\n", g / b }'
