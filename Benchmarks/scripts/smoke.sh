#!/usr/bin/env bash
# Builds every benchmark executable and runs each once with a tiny count, so that none of them can rot.
# Exits non-zero if anything fails to build or run, or if a run leaves files in /dev/shm or /tmp.
# The main test suite calls this; it prints no timings worth reading.
#
#   Benchmarks/scripts/smoke.sh
#
# Environment:
#   ZCIPC_BENCH_CONFIGURATION  debug (default: the quickest to build) or release
#   ZCIPC_BENCH_SCRATCH        SwiftPM scratch path (default Benchmarks/.build-smoke)
#   ZCIPC_BENCH_REQUIRE_IOX=1  fail, instead of skipping, when iceoryx (iox-roudi, libiceoryx-posh-dev) is missing
#   ZCIPC_BENCH_PEERS=1        also build the C, C++ and Python peers (scripts/build-peers.sh) and run each once
# The run sets ZCIPC_BENCH_PREFIX (the prefix of every benchmark's files and segments) to one of its own.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

configuration="${ZCIPC_BENCH_CONFIGURATION:-debug}"
# A prefix of this run's own: the leftover check below then sees only what this run made, not a benchmark that
# someone else runs on the machine meanwhile.
export ZCIPC_BENCH_PREFIX="zcipc_bench_s$$_"
scratch="${ZCIPC_BENCH_SCRATCH:-$bench_root/.build-smoke}"
failures=0
fail() { echo "smoke: FAILED: $*" >&2; failures=$((failures + 1)); }
trap 'roudi_stop' EXIT
trap 'exit 130' INT TERM

started=$(date +%s)
echo "smoke: building native baselines" >&2
"$bench_root/scripts/build-native.sh"

echo "smoke: building Swift benchmarks ($configuration)" >&2
forget_build_plan "$scratch" "$configuration"
swift_build=(swift build -c "$configuration" --package-path "$bench_root" --scratch-path "$scratch")
for product in zcipc-bench RoundTripBenchmarks; do
    "${swift_build[@]}" --product "$product" >&2 || fail "swift build --product $product"
done
bin="$("${swift_build[@]}" --show-bin-path)"

check() {  # runs one benchmark; it must exit 0 and print at least one RESULT line
    local output
    if ! output="$("$@" 2>&1)"; then fail "$* (exit status $?):"$'\n'"$output"; return; fi
    grep -q '^RESULT ' <<<"$output" || fail "$*: no RESULT line:"$'\n'"$output"
}

for mode in spin-line spin-indexed spin futex-line futex; do
    check "$native_dir/shm_pingpong" --mode $mode --size 64K --smoke
done
check "$native_dir/uds_pingpong" --size 64K --smoke

if [[ -x "$native_dir/iox_pingpong" ]] && command -v iox-roudi >/dev/null; then
    if roudi_start "$bench_root/scripts/roudi.toml"; then
        check timeout 60 "$native_dir/iox_pingpong" --mode poll --size 64K --smoke
        check timeout 60 "$native_dir/iox_pingpong" --mode waitset --size 64K --smoke
        check timeout 60 "$native_dir/iox_pubsub_pingpong" --size 64K --smoke
        roudi_stop
    else
        fail "iox-roudi did not start"
    fi
elif [[ "${ZCIPC_BENCH_REQUIRE_IOX:-0}" == 1 ]]; then
    fail "iceoryx is not installed (apt-get install -y iceoryx libiceoryx-posh-dev)"
else
    echo "smoke: note: iceoryx not installed, its baseline skipped (ZCIPC_BENCH_REQUIRE_IOX=1 makes this fail)" >&2
fi

if [[ -x "$bin/zcipc-bench" ]]; then
    # `smoke` runs every measurement `zcipc-bench list` names, each once with a tiny count.
    check timeout 300 "$bin/zcipc-bench" smoke
fi
# The C, C++ and Python peers (issue 20) need a second build of the runtime (libZeroCopyIPCC.so and ipcgen): only
# with ZCIPC_BENCH_PEERS=1.
if [[ "${ZCIPC_BENCH_PEERS:-0}" == 1 ]]; then
    if peers_lib="$(ZCIPC_PEERS_CONFIGURATION="$configuration" "$bench_root/scripts/build-peers.sh")"; then
        export ZEROCOPYIPC_LIBRARY="$peers_lib/libZeroCopyIPCC.so" PYTHONPATH="$native_dir/peers-gen:$bench_root/Python"
        for api in loan copy; do check timeout 60 "$native_dir/zc_capi_pingpong" --server c --api $api --smoke; done
        if [[ -x "$bin/zcipc-bench" ]]; then
            check timeout 60 "$native_dir/zc_capi_pingpong" --server swift --zcipc-bench "$bin/zcipc-bench" --smoke
        fi
        check timeout 60 "$native_dir/zc_cpp_pingpong" --smoke
        check timeout 60 "$native_dir/zc_capi_inprocess" --smoke
        for api in copy loan; do
            check timeout 60 python3 "$bench_root/Python/zc_py_pingpong.py" --server python --api $api --smoke
        done
        if python3 -c "import iceoryx2" 2>/dev/null; then
            check timeout 60 python3 "$bench_root/Python/iox2_py_pingpong.py" --smoke
        fi
    else
        fail "scripts/build-peers.sh"
    fi
fi

if [[ -x "$bin/RoundTripBenchmarks" ]]; then
    # Run directly (without `swift package benchmark`) the harness executes every benchmark once in its debug
    # mode; ZCIPC_BENCH_SMOKE shrinks each to a couple of iterations.
    if ! output="$(ZCIPC_BENCH_SMOKE=1 timeout 300 "$bin/RoundTripBenchmarks" 2>&1)"; then
        fail "RoundTripBenchmarks:"$'\n'"$output"
    fi
fi

left="$(leftovers)"
[[ -z "$left" ]] || fail "files left behind:"$'\n'"$left"
echo "smoke: $((failures)) failure(s), $(( $(date +%s) - started )) s" >&2
[[ $failures == 0 ]]
