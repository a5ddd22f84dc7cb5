"""The typed 8-byte request/response round trip of `zc-typed-poll` in Python, over the modules `ipcgen python` writes
for Definitions/BenchPayloads.ipcdef (zerocopyipc.py over libZeroCopyIPCC.so), busy-polling.

    python3 zc_py_pingpong.py --server python|swift [--api copy|loan] [--zcipc-bench PATH] [bench options]
    python3 zc_py_pingpong.py --serve NAME [--api copy|loan]         (the Python server; spawned by the client)

The client (CPU 0) creates `zcipc-bench/zc-py-<server>-poll/<pid>` with the generated `zcipc_bench_Word` and spawns
its server (CPU 1): this script with --serve, or `zcipc-bench zc-typed-poll --serve …` (the Swift server of
`zc-typed-poll`). `--api copy` (default) uses the calls made for Python, one C call each way:
`client.send_copy(word)` (loan, copy, send), `pending.receive_copy(into=word)` (receive, copy, release),
`server.receive_copy(into=word)` and `request.send_copy(word)`. `--api loan` is the zero-copy path of the same
runtime: loan, write `payload.value` in place, send; receive, read `payload.value` in place, close. The RESULT name
is zc-py-<server>-poll, with -loan appended for --api loan.
Environment: ZEROCOPYIPC_LIBRARY (the library) and PYTHONPATH (the generated modules), set by run-all.sh.
"""

import os
import sys

import bench_common
import zerocopyipc
from BenchPayloads import zcipc_bench_Word

WORD = zerocopyipc.PayloadType(zcipc_bench_Word)
OPTIONS = {"max_clients": 2, "max_active_requests_per_client": 4}


def service_class(name):
    return zerocopyipc.RequestResponseService.define(name, WORD, WORD)


def make_node(role):
    return zerocopyipc.Node(f"zc-py-{role}", prefix="zcipc_bench_")


def serve(name, api):
    bench_common.pin(1)
    with make_node("server") as node, service_class(name).open(node) as service, service.server() as server:
        word = zcipc_bench_Word()
        idle = 0
        while True:
            if api == "copy":
                received = server.receive_copy(into=word)
                if received is None:
                    idle += 1
                    if idle & 0xFFFF == 0 and service.number_of_ports()[0] == 0:
                        sys.exit("error: Python server: the client is gone")
                    continue
                request, value = received
                sequence = value.value
                request.send_copy(value)
                request.close()
            else:
                request = server.receive()
                if request is None:
                    idle += 1
                    if idle & 0xFFFF == 0 and service.number_of_ports()[0] == 0:
                        sys.exit("error: Python server: the client is gone")
                    continue
                sequence = request.payload.value
                response = request.loan()
                response.payload.value = sequence
                response.send()
                request.close()
            if sequence == bench_common.STOP:
                break
        # Stay until the client has taken the last response and left.
        bench_common.wait_until("the client to leave", lambda: service.number_of_ports()[0] == 0, 10)


def main():
    arguments = sys.argv[1:]
    options = bench_common.Options(arguments)
    api = options.rest.get("--api", "copy")
    if "--serve" in options.rest:
        serve(options.rest["--serve"], api)
        return
    peer = options.rest.get("--server", "python")
    result_name = f"zc-py-{peer}-poll" + ("-loan" if api == "loan" else "")
    name = f"zcipc-bench/{result_name}/{os.getpid()}"
    with make_node("client") as node, service_class(name).open_or_create(node, **OPTIONS) as service, \
            service.client() as client:
        if peer == "swift":
            bench = options.rest.get("--zcipc-bench") or sys.exit("error: --server swift needs --zcipc-bench PATH")
            command = [bench, "zc-typed-poll", "--serve", name, "--mode", "poll", "--size", "8", "--fill", "ends"]
        elif peer == "python":
            command = [sys.executable, os.path.abspath(__file__), "--serve", name, "--api", api]
        else:
            sys.exit(f"error: --server python|swift, not {peer}")
        server = bench_common.spawn(command)
        bench_common.wait_until("the server", lambda: service.number_of_ports()[1] >= 1)
        bench_common.pin(0)
        word = zcipc_bench_Word()
        echo = zcipc_bench_Word()

        def copy_round_trip(sequence):
            word.value = sequence
            pending = client.send_copy(word)
            receive = pending.receive_copy
            while receive(into=echo) is None:
                pass
            pending.close()
            if echo.value != sequence:
                sys.exit(f"error: response {echo.value} to request {sequence}")

        def loan_round_trip(sequence):
            request = client.loan()
            request.payload.value = sequence
            pending = request.send()
            receive = pending.receive
            while (response := receive()) is None:
                pass
            echoed = response.payload.value
            response.close()
            pending.close()
            if echoed != sequence:
                sys.exit(f"error: response {echoed} to request {sequence}")

        round_trip = copy_round_trip if api == "copy" else loan_round_trip
        samples = bench_common.measure(options, round_trip)
        round_trip(bench_common.STOP)
        client.close()
        bench_common.reap(server)
    bench_common.report(result_name, samples)


if __name__ == "__main__":
    main()
