#!/usr/bin/env bash
# Runs every benchmark in one go and writes the results table.
#
#   Benchmarks/scripts/run-all.sh [--quick] [--rounds N] [--no-install] [--only-peers] [--out FILE]
#
# 1. installs what a fresh Debian machine lacks (gcc, g++, iceoryx, libiceoryx-posh-dev, strace, linux-perf, python3,
#    libclang-dev), as root;
# 2. builds the native baselines (gcc/g++ -O2) and the Swift benchmarks (swift build -c release);
# 3. runs the baselines — (a) C spin floor, (b) C futex, (c) Unix socket, (d) native iceoryx 2.0 poll and WaitSet
#    (request/response) and publish-subscribe ping-pong,
#    under a RouDi started here and stopped by PID — and our ZeroCopyIPC benchmarks, client on CPU 0, server on CPU 1
#    (the first two CPUs this process may use, in a container limited to others);
# 4. writes a Markdown table (ours, each baseline, ratios against the issue's targets, machine, date) to
#    Benchmarks/results/latest.md (or --out) and stdout; the raw RESULT lines go to the .tsv beside it.
#
# --quick runs fewer round trips, one round (a rough table in about a minute); the default runs every latency
# measurement in 3 interleaved rounds (--rounds) and keeps each one's best round: about 6 minutes.
# Needs root only to install packages (--no-install skips that step).
#
# The C, C++ and Python peers (issue 20, scripts/build-peers.sh) run in every round beside Swift's zc-typed-poll:
# C client with a C and with a Swift server, C++ with C++, Python with Python and with Swift, and iceoryx2's own
# Python binding (PyPI iceoryx2 0.10, installed with pip if missing). --only-peers runs just those, with
# zc-typed-poll and zc-typed-inprocess as the Swift references (a few minutes).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

quick=0 install=1 only_peers=0 rounds="" out="$bench_root/results/latest.md"
while [[ $# -gt 0 ]]; do
    case "$1" in
        --quick) quick=1 ;;
        --no-install) install=0 ;;
        --only-peers) only_peers=1 ;;
        --rounds) rounds="$2"; shift ;;
        --out) out="$2"; shift ;;
        *) echo "usage: $0 [--quick] [--rounds N] [--no-install] [--only-peers] [--out FILE]" >&2; exit 2 ;;
    esac
    shift
done
mkdir -p "$(dirname "$out")"
raw="${out%.md}.tsv"

# --- 1. dependencies --------------------------------------------------------------------------------------------
if [[ $install == 1 ]]; then
    need=()
    # libclang-dev: the main package's ipcgen (IPCGenPlugin generates the benchmark payload types) links libclang.
    for pkg in gcc g++ iceoryx libiceoryx-posh-dev strace linux-perf python3 libclang-dev; do
        dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
    done
    if [[ ${#need[@]} -gt 0 ]]; then
        if [[ $(id -u) != 0 ]]; then
            echo "error: missing packages: ${need[*]}; run: sudo apt-get update && sudo apt-get install -y ${need[*]}" >&2
            exit 1
        fi
        echo "== installing ${need[*]}" >&2
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
    fi
    # iceoryx2's Python binding: the baseline of the Python peers.
    if ! python3 -c "import iceoryx2" 2>/dev/null; then
        echo "== installing iceoryx2 0.10 (PyPI) for the Python baseline" >&2
        python3 -m pip install -q "iceoryx2==0.10.*" >&2 || echo "warning: pip install iceoryx2 failed; its baseline is skipped" >&2
    fi
fi

# --- 2. build ----------------------------------------------------------------------------------------------------
echo "== building native baselines" >&2
"$bench_root/scripts/build-native.sh"
swift_bin=""
if command -v swift >/dev/null; then
    echo "== building Swift benchmarks (release)" >&2
    forget_build_plan "$bench_root/.build-bench" release
    swift_build=(swift build -c release --package-path "$bench_root" --scratch-path "$bench_root/.build-bench")
    if "${swift_build[@]}" --product zcipc-bench >&2 \
            && { [[ $only_peers == 1 ]] || "${swift_build[@]}" --product RoundTripBenchmarks >&2; }; then
        swift_bin="$("${swift_build[@]}" --show-bin-path)"
    else
        echo "warning: the Swift benchmarks did not build; our measurements will be missing" >&2
    fi
fi

peers_lib=""
if command -v swift >/dev/null && command -v g++ >/dev/null; then
    echo "== building the C, C++ and Python peers (libZeroCopyIPCC.so, ipcgen c|cpp|python)" >&2
    forget_build_plan "${ZCIPC_PEERS_SCRATCH:-$bench_root/.build-peers}" "${ZCIPC_PEERS_CONFIGURATION:-release}"
    peers_lib="$("$bench_root/scripts/build-peers.sh")" || { peers_lib=""; echo "warning: the peers did not build; they are missing from the table" >&2; }
fi
export ZEROCOPYIPC_LIBRARY="$peers_lib/libZeroCopyIPCC.so" PYTHONPATH="$native_dir/peers-gen:$bench_root/Python"

# --- 3. run ------------------------------------------------------------------------------------------------------
run_dir="$native_dir/run"  # scratch files stay in the git-ignored build folder, never in /tmp
mkdir -p "$run_dir"
tmp_results="$run_dir/results.tsv"
: >"$tmp_results"
cleanup() {
    roudi_stop
    rm -f "$tmp_results"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [[ $quick == 1 ]]; then iters=(--iterations 30000 --warmup 3000 --max-seconds 0.7); rounds="${rounds:-1}"
else iters=(--iterations 300000 --warmup 20000 --max-seconds 3); rounds="${rounds:-3}"; fi
sizes=(8 4K 64K 1M 16M)

run() {  # runs one measurement; keeps its RESULT/THROUGHPUT/COUNT lines, shows failures but goes on
    echo "-- $*" >&2
    local output
    if output="$("$@" 2>"$run_dir/stderr")"; then
        grep -E '^(RESULT|THROUGHPUT|COUNT) ' <<<"$output" | tee -a "$tmp_results" >&2 || true
    else
        echo "FAILED ($?): $*" >&2
        cat "$run_dir/stderr" >&2
        echo "FAILED cmd=$(basename "$1")_$(echo "${*:2}" | tr ' ' '_')" >>"$tmp_results"
    fi
    rm -f "$run_dir/stderr"
}

iox_ready=0
if [[ $only_peers == 0 && -x "$native_dir/iox_pingpong" ]] && command -v iox-roudi >/dev/null; then
    roudi_start "$bench_root/scripts/roudi.toml" && iox_ready=1
else
    echo "note: iceoryx baseline not built or iox-roudi missing; skipped" >&2
fi
measurements=""
if [[ -n "$swift_bin" && -x "$swift_bin/zcipc-bench" ]]; then
    measurements="$("$swift_bin/zcipc-bench" list)"
    [[ $only_peers == 1 ]] && measurements="zc-typed-poll zc-typed-inprocess"
else
    echo "note: zcipc-bench not built; our measurements are missing from the table" >&2
fi

# One round: every latency and throughput measurement once. Rounds repeat the whole sequence, so that a noisy minute
# on the shared machine hits one round of everything rather than all rounds of one measurement; report.py keeps, per
# measurement, the round with the lowest median.
# The C, C++ and Python peers and iceoryx2's Python binding (8 B, busy-poll), one round of each.
peers_round() {
    [[ -n "$peers_lib" ]] || return 0
    echo "== round $1/$rounds: C, C++ and Python peers over the C API" >&2
    local api
    for api in loan copy; do
        run "$native_dir/zc_capi_pingpong" --server c --api $api "${iters[@]}"
        if [[ -n "$swift_bin" ]]; then
            run "$native_dir/zc_capi_pingpong" --server swift --api $api --zcipc-bench "$swift_bin/zcipc-bench" \
                "${iters[@]}"
        fi
    done
    run "$native_dir/zc_cpp_pingpong" "${iters[@]}"
    run "$native_dir/zc_capi_inprocess" "${iters[@]}"
    for api in copy loan; do
        run timeout 120 python3 "$bench_root/Python/zc_py_pingpong.py" --server python --api $api "${iters[@]}"
        if [[ -n "$swift_bin" ]]; then
            run timeout 120 python3 "$bench_root/Python/zc_py_pingpong.py" --server swift --api $api \
                --zcipc-bench "$swift_bin/zcipc-bench" "${iters[@]}"
        fi
        if python3 -c "import iceoryx2" 2>/dev/null; then
            run timeout 120 python3 "$bench_root/Python/iox2_py_pingpong.py" --api $api "${iters[@]}"
        fi
    done
}

latency_round() {
    if [[ $only_peers == 1 ]]; then
        if [[ -n "$measurements" ]]; then
            local bench
            for bench in $measurements; do run "$swift_bin/zcipc-bench" "$bench" --size 8 "${iters[@]}"; done
        fi
        peers_round "$1"
        return
    fi
    echo "== round $1/$rounds: (a) C spin floor" >&2
    run "$native_dir/shm_pingpong" --mode spin-line "${iters[@]}"
    run "$native_dir/shm_pingpong" --mode spin-indexed "${iters[@]}"
    for s in "${sizes[@]}"; do run "$native_dir/shm_pingpong" --mode spin --size "$s" "${iters[@]}"; done
    echo "== round $1/$rounds: (b) C futex (always blocks) and spin 10 µs then futex" >&2
    run "$native_dir/shm_pingpong" --mode futex-line "${iters[@]}"
    run "$native_dir/shm_pingpong" --mode futex-line --spin-ns 10000 "${iters[@]}"
    for s in "${sizes[@]}"; do run "$native_dir/shm_pingpong" --mode futex --size "$s" "${iters[@]}"; done
    echo "== round $1/$rounds: (c) Unix domain socket" >&2
    for s in "${sizes[@]}"; do run "$native_dir/uds_pingpong" --size "$s" "${iters[@]}"; done
    if [[ $iox_ready == 1 ]]; then
        echo "== round $1/$rounds: (d) native iceoryx 2.0 (RouDi config: scripts/roudi.toml)" >&2
        local mode s
        for mode in poll waitset; do
            for s in "${sizes[@]}"; do
                run timeout 120 "$native_dir/iox_pingpong" --mode $mode --size "$s" "${iters[@]}"
            done
        done
        if [[ -x "$native_dir/iox_pubsub_pingpong" ]]; then
            echo "== round $1/$rounds: (d) native iceoryx 2.0 publish-subscribe ping-pong (a2b/b2a), busy-poll" >&2
            for s in "${sizes[@]}"; do
                run timeout 120 "$native_dir/iox_pubsub_pingpong" --size "$s" "${iters[@]}"
            done
        fi
    fi
    if [[ -n "$measurements" ]]; then
        echo "== round $1/$rounds: ZeroCopyIPC (ours) and the Swift floor" >&2
        local bench
        for bench in $measurements; do run "$swift_bin/zcipc-bench" "$bench" "${iters[@]}"; done
    fi
    peers_round "$1"
}
for round in $(seq 1 "$rounds"); do latency_round "$round"; done

if [[ -n "$measurements" && $only_peers == 0 ]]; then
    echo "== heap allocations per round trip (ordo-one/benchmark malloc interposer)" >&2
    if harness_out="$(swift package --package-path "$bench_root" --scratch-path "$bench_root/.build-bench" \
            benchmark --no-progress 2>&1)"; then
        python3 "$bench_root/scripts/harness-mallocs.py" <<<"$harness_out" | tee -a "$tmp_results" >&2
    else
        echo "$harness_out" >&2
        echo "FAILED cmd=swift_package_benchmark" >>"$tmp_results"
    fi
fi

echo "== syscalls per round trip (perf stat or strace -f -c, difference of two run lengths)" >&2
count() { "$bench_root/scripts/count-syscalls.sh" "$@" | tee -a "$tmp_results" >&2 || echo "FAILED cmd=count-syscalls_$1" >>"$tmp_results"; }
if [[ $only_peers == 0 ]]; then
    count c-spin-line -- "$native_dir/shm_pingpong" --mode spin-line
    count c-futex-line-spin0ns -- "$native_dir/shm_pingpong" --mode futex-line
    count c-uds -- "$native_dir/uds_pingpong" --size 8
fi
if [[ -n "$peers_lib" ]]; then
    count zc-c-c-poll -- "$native_dir/zc_capi_pingpong" --server c
    count zc-cpp-cpp-poll -- "$native_dir/zc_cpp_pingpong"
fi
for bench in $measurements; do
    case "$bench" in
        # throughput: no fixed number of round trips; zc-pubsub-send: one process, several timed phases
        # zc-waitset-idle-cpu: one process that sleeps 10 s (its COUNT line is its result)
        zc-inflight*|zc-*clients*|zc-pubsub-1to1*|zc-pubsub-send|zc-waitset-idle-cpu) ;;
        *) count "$bench" -- "$swift_bin/zcipc-bench" "$bench" --size 8 ;;
    esac
done
if [[ $iox_ready == 1 && $only_peers == 0 ]]; then
    count iox-poll -- "$native_dir/iox_pingpong" --mode poll --size 8
    if [[ -x "$native_dir/iox_pubsub_pingpong" ]]; then
        count iox-pubsub-poll -- "$native_dir/iox_pubsub_pingpong" --size 8
    fi
fi
roudi_stop

left="$(leftovers)"
if [[ -n "$left" ]]; then echo "error: files left behind:" >&2; echo "$left" >&2; fi

# --- 4. report ---------------------------------------------------------------------------------------------------
python3 "$bench_root/scripts/report.py" --meta >>"$tmp_results"
cp "$tmp_results" "$raw"
python3 "$bench_root/scripts/report.py" "$raw" "$( [[ $quick == 1 ]] && echo quick || echo full ), $rounds round(s)" >"$out"
cat "$out"
echo "== wrote $out and $raw" >&2
[[ -z "$left" ]]
