#!/usr/bin/env bash
# Syscalls per steady-state round trip, client and server together:
#
#   count-syscalls.sh NAME -- COMMAND [ARGS...]
#
# With perf and its raw_syscalls:sys_enter tracepoint (kernel-side counting, no slowdown): one run of N timed round
# trips under `perf stat -D -1 --control fifo:…`; the benchmark switches the counters on right before its first timed
# round trip and off after its last one (ZCIPC_PERF_CONTROL, see Native/bench_common.h and PerfControl.swift), so
# start-up and shutdown are not counted; value = count / N.
# Without them: `strace -f -c` over two runs of N and 2N round trips; value = (calls(2N) − calls(N)) / N.
# Either way it prints
#
#   COUNT name=NAME what=syscalls value=<per round trip, 2 decimals> how=<tool and raw counts>
#
# ZCIPC_SYSCALL_TOOL=strace forces strace.
set -euo pipefail
name="$1"; shift
[[ "$1" == "--" ]] && shift
n="${ZCIPC_SYSCALL_ROUND_TRIPS:-20000}"
scratch="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/.build-native/run"
mkdir -p "$scratch"

tool="${ZCIPC_SYSCALL_TOOL:-}"
if [[ -z "$tool" ]]; then
    if perf stat -x, -e raw_syscalls:sys_enter -- true >/dev/null 2>&1; then tool=perf; else tool=strace; fi
fi

total_calls() {  # $1 = round trips, rest = command; strace only
    local rounds="$1"; shift
    local out="$scratch/syscalls.$$"
    if ! strace -f -c -o "$out" "$@" --iterations "$rounds" --warmup 1000 --max-seconds 100000 >/dev/null; then
        rm -f "$out"; echo "error: $* failed under strace" >&2; return 1
    fi
    # The summary's last line: "100.00 <seconds> <usecs/call> <calls> [<errors>] total".
    awk '$NF == "total" { print $4 }' "$out"
    rm -f "$out"
}

if [[ $tool == perf ]]; then
    ctl="$scratch/perf-ctl.$$" ack="$scratch/perf-ack.$$" out="$scratch/perf-out.$$"
    rm -f "$ctl" "$ack" "$out"
    mkfifo "$ctl" "$ack"
    trap 'rm -f "$ctl" "$ack" "$out" "$out.err"' EXIT
    if ! ZCIPC_PERF_CONTROL="$ctl,$ack" perf stat -D -1 --control "fifo:$ctl,$ack" -x, -o "$out" \
            -e raw_syscalls:sys_enter -- "$@" --iterations "$n" --warmup 1000 --max-seconds 100000 \
            >/dev/null 2>"$out.err"; then
        cat "$out.err" >&2; rm -f "$out.err"
        echo "error: $* failed under perf stat" >&2
        exit 1
    fi
    rm -f "$out.err"
    count="$(awk -F, '$3 == "raw_syscalls:sys_enter" { print $1 }' "$out")"
    if ! [[ "$count" =~ ^[0-9]+$ ]]; then
        echo "error: perf counted nothing ('$count'): $1 never switched the counters on (ZCIPC_PERF_CONTROL)" >&2
        exit 1
    fi
    python3 -c "v = $count / $n; print(f'COUNT name=$name what=syscalls value={v:.2f} how=perf_stat_-e_raw_syscalls:sys_enter:_{$count}_calls_in_${n}_timed_round_trips')"
    exit 0
fi

one="$(total_calls "$n" "$@")"
two="$(total_calls "$((2 * n))" "$@")"
# Two decimals: the sample buffer of the longer run may add an mmap/munmap pair, not a per-round-trip cost.
python3 -c "v = ($two - $one) / $n; print(f'COUNT name=$name what=syscalls value={0.0 if abs(v) < 0.005 else v:.2f} how=strace_-f_-c:_{$one}_calls_for_${n},_{$two}_for_$((2 * n))_round_trips')"
