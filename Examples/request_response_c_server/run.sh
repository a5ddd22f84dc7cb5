#!/bin/sh
# Builds the C API library and ipcgen, generates the payload header, compiles the C server and runs it.
# Usage (from the package root): Examples/request_response_c_server/run.sh
set -e
cd "$(dirname "$0")/../.."
swift build --product ZeroCopyIPCC
swift build --product ipcgen
bin="$(swift build --show-bin-path)"
out="$bin/request_response_c_server.build"
mkdir -p "$out"
"$bin/ipcgen" c Definitions/TransmissionData.ipcdef -o "$out" --base Definitions
gcc -std=c11 -Wall -Werror -I Sources/CZeroCopyIPC/include -I "$out" Examples/request_response_c_server/main.c \
    -L "$bin" -lZeroCopyIPCC -Wl,-rpath,"$bin" -o "$out/request_response_c_server"
exec "$out/request_response_c_server"
