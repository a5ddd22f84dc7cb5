#!/bin/sh
# Builds the C API library and ipcgen, generates the Python modules and runs the Python client.
# Usage (from the package root): Examples/request_response_python_client/run.sh
set -e
cd "$(dirname "$0")/../.."
swift build --product ZeroCopyIPCC
swift build --product ipcgen
bin="$(swift build --show-bin-path)"
out="$bin/request_response_python_client.build"
"$bin/ipcgen" python Definitions/TransmissionData.ipcdef -o "$out" --base Definitions
ZEROCOPYIPC_LIBRARY="$bin/libZeroCopyIPCC.so" PYTHONPATH="$out" exec python3 Examples/request_response_python_client/client.py
