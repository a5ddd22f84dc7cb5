"""The same 8-byte request/response round trip over iceoryx2's own Python binding (PyPI `iceoryx2` 0.10), as its
request_response example uses it, busy-polling: the baseline for the Python peers of ZeroCopyIPC.

    python3 iox2_py_pingpong.py [--api copy|loan] [bench options]
    python3 iox2_py_pingpong.py --serve NAME --prefix P [--api copy|loan]   (the server; spawned by the client)

Payload `ctypes.c_uint64` both ways. `--api copy` (default): `client.send_copy(value)`, `pending.receive()`, read
`payload().contents.value`, `delete()`; the server `receive()`, `send_copy(value)`, `delete()`. `--api loan`:
`loan_uninit().write_payload(value).send()` on both sides (iceoryx2's zero-copy path). RESULT name iox2-py-poll
(iox2-py-poll-loan).

Every node uses the prefix `iox2_zcb<client pid>_` (iceoryx2's `iox2_` with our tag), so that run-all.sh removes
exactly the files this run made (`/dev/shm/iox2_zcb<pid>_*`, and under /tmp/iceoryx2/ the files of that prefix).
"""

import ctypes
import os
import sys

import bench_common
import iceoryx2 as iox2


ROOT = "/tmp/iceoryx2"  # iceoryx2's default root folder (config.global_cfg.root_path)


def cleanup(prefix, made_folders):
    """Removes what this run's nodes left: /dev/shm/<prefix>*, files of that prefix under ROOT, and the folders of
    ROOT that did not exist before the run, if empty (another user's files there stay)."""
    for folder in ["/dev/shm"] + [path for path, _, _ in os.walk(ROOT)]:
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        for entry in names:
            if entry.startswith(prefix):
                try:
                    os.remove(os.path.join(folder, entry))
                except OSError:
                    pass
    for folder in sorted(made_folders, key=len, reverse=True):
        try:
            os.rmdir(folder)
        except OSError:
            pass


def make_node(prefix):
    config = iox2.config.default()
    config.global_cfg.prefix = iox2.FileName.new(prefix)
    return iox2.NodeBuilder.new().config(config).create(iox2.ServiceType.Ipc)


def open_service(node, name, create):
    builder = (node.service_builder(iox2.ServiceName.new(name))
               .request_response(ctypes.c_uint64, ctypes.c_uint64)
               .max_clients(2).max_active_requests_per_client(4))
    return builder.open_or_create() if create else builder.open()


def number_of_clients(service):
    return service.dynamic_config.number_of_clients


def serve(name, prefix, api):
    bench_common.pin(1)
    node = make_node(prefix)
    service = open_service(node, name, False)
    server = service.server_builder().create()
    idle = 0
    while True:
        request = server.receive()
        if request is None:
            idle += 1
            if idle & 0xFFFF == 0 and number_of_clients(service) == 0:
                sys.exit("error: iceoryx2 server: the client is gone")
            continue
        sequence = request.payload().contents.value
        if api == "copy":
            request.send_copy(ctypes.c_uint64(sequence))
        else:
            request.loan_uninit().write_payload(ctypes.c_uint64(sequence)).send()
        request.delete()
        if sequence == bench_common.STOP:
            break
    bench_common.wait_until("the client to leave", lambda: number_of_clients(service) == 0, 10)
    server.delete()
    service = None
    node = None


def main():
    options = bench_common.Options(sys.argv[1:])
    api = options.rest.get("--api", "copy")
    if "--serve" in options.rest:
        serve(options.rest["--serve"], options.rest["--prefix"], api)
        return
    prefix = f"iox2_zcb{os.getpid()}_"
    made = [folder for folder in (ROOT, f"{ROOT}/services", f"{ROOT}/nodes") if not os.path.exists(folder)]
    try:
        run_client(options, api, prefix)
    finally:
        cleanup(prefix, made)


def run_client(options, api, prefix):
    result_name = "iox2-py-poll" + ("-loan" if api == "loan" else "")
    name = f"zcipc-bench/{result_name}/{os.getpid()}"
    node = make_node(prefix)
    service = open_service(node, name, True)
    client = service.client_builder().create()
    server = bench_common.spawn(
        [sys.executable, os.path.abspath(__file__), "--serve", name, "--prefix", prefix, "--api", api])
    bench_common.wait_until("the server", lambda: service.dynamic_config.number_of_servers >= 1)
    bench_common.pin(0)

    def round_trip(sequence):
        if api == "copy":
            pending = client.send_copy(ctypes.c_uint64(sequence))
        else:
            pending = client.loan_uninit().write_payload(ctypes.c_uint64(sequence)).send()
        receive = pending.receive
        while (response := receive()) is None:
            pass
        echoed = response.payload().contents.value
        response.delete()
        pending.delete()
        if echoed != sequence:
            sys.exit(f"error: response {echoed} to request {sequence}")

    samples = bench_common.measure(options, round_trip)
    round_trip(bench_common.STOP)
    client.delete()
    bench_common.reap(server)
    client = service = node = None
    bench_common.report(result_name, samples)


if __name__ == "__main__":
    main()
