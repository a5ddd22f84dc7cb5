#!/usr/bin/env bash
# Builds the C, C++ and Python peers of the benchmarks (issue 20) into Benchmarks/.build-native (git-ignored):
#
# 1. libZeroCopyIPCC.so (the C API) and ipcgen from the main package, `swift build -c $ZCIPC_PEERS_CONFIGURATION`
#    (default release) in $ZCIPC_PEERS_SCRATCH (default Benchmarks/.build-peers);
# 2. `ipcgen c`, `ipcgen cpp` and `ipcgen python` over Definitions/BenchPayloads.ipcdef into .build-native/peers-gen
#    (the same types as the Swift benchmarks' `Zcipc_Bench_Word`);
# 3. zc_capi_pingpong, zc_capi_inprocess (C) and zc_cpp_pingpong (C++) with gcc/g++ -O2 -Wall -Wextra -Werror,
#    linked against that library (rpath).
#
# Prints the library's folder on stdout (run-all.sh sets ZEROCOPYIPC_LIBRARY and PYTHONPATH from it).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
repo="$(cd "$bench_root/.." && pwd)"
configuration="${ZCIPC_PEERS_CONFIGURATION:-release}"
scratch="${ZCIPC_PEERS_SCRATCH:-$bench_root/.build-peers}"
build=(swift build -c "$configuration" --package-path "$repo" --scratch-path "$scratch")
"${build[@]}" --product ZeroCopyIPCC >&2
"${build[@]}" --product ipcgen >&2
bin="$("${build[@]}" --show-bin-path)"

gen="$native_dir/peers-gen"
rm -rf "$gen"
mkdir -p "$gen"
for language in c cpp python; do
    "$bin/ipcgen" "$language" "$bench_root/Definitions/BenchPayloads.ipcdef" -o "$gen" --base "$bench_root/Definitions" >&2
done

cflags=(-O2 -g -Wall -Wextra -Werror -I "$repo/Sources/CZeroCopyIPC/include" -I "$gen")
link=(-L "$bin" -lZeroCopyIPCC "-Wl,-rpath,$bin")
gcc "${cflags[@]}" -std=gnu11 -o "$native_dir/zc_capi_pingpong" "$bench_root/Native/zc_capi_pingpong.c" "${link[@]}"
gcc "${cflags[@]}" -std=gnu11 -o "$native_dir/zc_capi_inprocess" "$bench_root/Native/zc_capi_inprocess.c" "${link[@]}"
g++ "${cflags[@]}" -std=c++17 -o "$native_dir/zc_cpp_pingpong" "$bench_root/Native/zc_cpp_pingpong.cpp" "${link[@]}"
echo "$bin"
