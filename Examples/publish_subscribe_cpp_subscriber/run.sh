#!/bin/sh
# Builds the C API library and ipcgen, generates the C++ headers, compiles the C++ subscriber and runs it.
# Usage (from the package root): Examples/publish_subscribe_cpp_subscriber/run.sh
set -e
cd "$(dirname "$0")/../.."
swift build --product ZeroCopyIPCC
swift build --product ipcgen
bin="$(swift build --show-bin-path)"
out="$bin/publish_subscribe_cpp_subscriber.build"
"$bin/ipcgen" cpp Definitions/TransmissionData.ipcdef -o "$out" --base Definitions
g++ -std=c++17 -Wall -Wextra -Werror -I Sources/CZeroCopyIPC/include -I "$out" \
    Examples/publish_subscribe_cpp_subscriber/main.cpp -L "$bin" -lZeroCopyIPCC -Wl,-rpath,"$bin" \
    -o "$out/publish_subscribe_cpp_subscriber"
exec "$out/publish_subscribe_cpp_subscriber"
