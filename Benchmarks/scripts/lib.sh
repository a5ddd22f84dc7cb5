# Helpers shared by run-all.sh and smoke.sh (sourced, not executed).
#
# RouDi (iceoryx's daemon) is started by us, stopped by its PID, and must leave nothing behind. Its files:
#   /dev/shm/iceoryx_mgmt, /dev/shm/$USER (payload segment), /tmp/roudi (socket), /tmp/roudi.lock,
#   /tmp/iox-unique-roudi.lock.

bench_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
native_dir="${ZCIPC_NATIVE_BUILD:-$bench_root/.build-native}"
roudi_pid=""
roudi_log=""

iox_user_segment() { echo "/dev/shm/$(id -un)"; }

# Our footprint in /dev/shm and /tmp: iceoryx's files, the runtime's segments and files (prefix zcipc_bench), and
# what the iceoryx2 Python baseline's nodes made (prefix iox2_zcb<pid>_; Python/iox2_py_pingpong.py removes them).
leftovers() {
    ls -d /dev/shm/iceoryx_mgmt "$(iox_user_segment)" /tmp/roudi /tmp/roudi.lock /tmp/iox-unique-roudi.lock \
        /dev/shm/"${ZCIPC_BENCH_PREFIX:-zcipc_bench_}"* /tmp/"${ZCIPC_BENCH_PREFIX:-zcipc_bench_}"* \
        /dev/shm/zcipc_bench_spin_* /dev/shm/iox2_zcb* 2>/dev/null || true
    find /tmp/iceoryx2 -name 'iox2_zcb*' 2>/dev/null || true
}

roudi_start() {  # $1 = config file
    if [[ -e /tmp/roudi.lock || -e /dev/shm/iceoryx_mgmt ]]; then
        echo "error: another RouDi seems to be running (/tmp/roudi.lock or /dev/shm/iceoryx_mgmt exists);" \
             "stop it first: the iceoryx baseline needs its own mempool config" >&2
        return 1
    fi
    mkdir -p "$native_dir/run"
    roudi_log="$native_dir/run/roudi.log"
    : >"$roudi_log"  # exists before the background redirect opens it: the readiness grep below reads it at once
    iox-roudi -c "$1" -m off -l warning >"$roudi_log" 2>&1 &
    roudi_pid=$!
    local i
    for i in $(seq 1 200); do
        if grep -q "RouDi is ready for clients" "$roudi_log"; then return 0; fi
        if ! kill -0 "$roudi_pid" 2>/dev/null; then break; fi
        sleep 0.05
    done
    echo "error: iox-roudi did not become ready:" >&2
    cat "$roudi_log" >&2
    roudi_stop
    return 1
}

roudi_stop() {
    if [[ -n "$roudi_pid" ]]; then
        kill -TERM "$roudi_pid" 2>/dev/null || true
        local i
        for i in $(seq 1 100); do
            kill -0 "$roudi_pid" 2>/dev/null || break
            sleep 0.1
        done
        if kill -0 "$roudi_pid" 2>/dev/null; then
            echo "warning: iox-roudi (pid $roudi_pid) ignored SIGTERM; killing it and removing its files" >&2
            kill -KILL "$roudi_pid" 2>/dev/null || true
            wait "$roudi_pid" 2>/dev/null || true
            rm -f /dev/shm/iceoryx_mgmt "$(iox_user_segment)" /tmp/roudi /tmp/roudi.lock /tmp/iox-unique-roudi.lock
        fi
        wait "$roudi_pid" 2>/dev/null || true
        roudi_pid=""
    fi
    if [[ -n "$roudi_log" ]]; then rm -f "$roudi_log"; roudi_log=""; fi
}

# SwiftPM does not notice files added to or removed from the main package (a path dependency of this one): a cached
# build plan then fails with "missing inputs" after the runtime moves a file (seen here). Removing the cached plan
# makes SwiftPM plan again; it costs a second or two.
forget_build_plan() {  # $1 = scratch path, $2 = configuration (debug | release)
    rm -f "$1/$2.yaml" "$1"/*/"$2"/description.json
}
