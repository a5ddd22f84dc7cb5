#!/usr/bin/env bash
# Builds the native baselines (C floor, futex, Unix socket, iceoryx 2.0 request/response and publish-subscribe) with
# gcc/g++ -O2 into Benchmarks/.build-native (git-ignored). The iceoryx baselines are skipped, with a note, if its
# headers are missing.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${ZCIPC_NATIVE_BUILD:-$here/.build-native}"
mkdir -p "$out"
cflags=(-O2 -g -Wall -Wextra -Werror)
gcc "${cflags[@]}" -std=gnu11 -o "$out/shm_pingpong" "$here/Native/shm_pingpong.c"
gcc "${cflags[@]}" -std=gnu11 -o "$out/uds_pingpong" "$here/Native/uds_pingpong.c"
iox_include="$(ls -d /usr/include/iceoryx/v2* 2>/dev/null | sort -V | tail -1 || true)"
if [[ -n "$iox_include" ]]; then
    g++ "${cflags[@]}" -std=c++17 -I"$iox_include" -o "$out/iox_pingpong" "$here/Native/iox_pingpong.cpp" \
        -liceoryx_posh -liceoryx_hoofs -liceoryx_platform -lpthread
    g++ "${cflags[@]}" -std=c++17 -I"$iox_include" -o "$out/iox_pubsub_pingpong" \
        "$here/Native/iox_pubsub_pingpong.cpp" -liceoryx_posh -liceoryx_hoofs -liceoryx_platform -lpthread
else
    rm -f "$out/iox_pingpong" "$out/iox_pubsub_pingpong"
    echo "note: /usr/include/iceoryx/v2* not found (apt-get install -y libiceoryx-posh-dev): iceoryx baseline skipped" >&2
fi
