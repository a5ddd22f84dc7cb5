# Two "hosts" on one machine for scripts/gateway-two-hosts and Benchmarks/scripts/gateway-bench.sh (sourced):
# two network namespaces joined by a veth pair, each with a keeper process that holds a mount namespace of its own
# with private tmpfs mounts on /dev/shm and /tmp. `on KEEPER CMD…` runs a command on a host; `start KEEPER LOG CMD…`
# starts one in the background (PID in LAST, killed on exit). Everything is removed on exit, processes by PID.
TAG=zg$$
NSA=${TAG}a NSB=${TAG}b
ADDR_A=10.231.$(($$ % 200)).1 ADDR_B=10.231.$(($$ % 200)).2
WORK=$(mktemp -d /tmp/gateway-two-hosts.XXXXXX)
PIDS=()
FAILED=0

cleanup() {
    for pid in "${PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null; done
    ip netns del "$NSA" 2>/dev/null
    ip netns del "$NSB" 2>/dev/null
    rm -rf "$WORK"
}
trap cleanup EXIT

skip() { echo "SKIP: $1"; exit 77; }
check() { # check DESCRIPTION CONDITION...
    local what=$1; shift
    if "$@"; then echo "ok: $what"; else echo "FAIL: $what"; FAILED=1; fi
}
# wait_for FILE TEXT SECONDS: until FILE contains TEXT
wait_for() {
    local end=$((SECONDS + $3))
    while ((SECONDS < end)); do grep -qF -- "$2" "$1" 2>/dev/null && return 0; sleep 0.05; done
    return 1
}

setup_hosts() {
ip netns add "$NSA" 2>/dev/null || skip "cannot create network namespaces (needs root with CAP_SYS_ADMIN and CAP_NET_ADMIN)"
ip netns add "$NSB" || skip "cannot create a second network namespace"
ip link add "${TAG}x" type veth peer name "${TAG}y" || skip "cannot create a veth pair"
ip link set "${TAG}x" netns "$NSA" && ip link set "${TAG}y" netns "$NSB"
ip -n "$NSA" addr add "$ADDR_A/24" dev "${TAG}x" && ip -n "$NSA" link set "${TAG}x" up && ip -n "$NSA" link set lo up
ip -n "$NSB" addr add "$ADDR_B/24" dev "${TAG}y" && ip -n "$NSB" link set "${TAG}y" up && ip -n "$NSB" link set lo up

# One keeper process per host holds its mount namespace (private /dev/shm and /tmp); every process of the host
# enters it with nsenter.
start_host() { # start_host NAMESPACE: the keeper's PID in LAST
    ip netns exec "$1" unshare --mount --propagation private \
        sh -c 'mount -t tmpfs -o size=256m tmpfs /dev/shm && mount -t tmpfs tmpfs /tmp && exec sleep 300' &
    LAST=$!
    PIDS+=("$LAST")
}
start_host "$NSA"; KEEPER_A=$LAST
start_host "$NSB"; KEEPER_B=$LAST
sleep 0.3
on() { local keeper=$1; shift; nsenter --target "$keeper" --mount --net -- "$@"; }
on "$KEEPER_A" grep -q " /dev/shm tmpfs" /proc/self/mounts || skip "cannot mount a private /dev/shm"
}

# start HOST LOG COMMAND...: runs a process on a host in the background, records its PID in LAST.
start() {
    local keeper=$1 log=$2; shift 2
    # nsenter itself, not a subshell, so that LAST is the program's PID (nsenter execs it).
    nsenter --target "$keeper" --mount --net -- "$@" >"$WORK/$log" 2>&1 &
    LAST=$!
    PIDS+=("$LAST")
}
