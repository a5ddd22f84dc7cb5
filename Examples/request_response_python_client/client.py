"""The client of the request_response example, in Python: it sends a `u64` request every second and prints every
`TransmissionData` response (Definitions/TransmissionData.ipcdef) that arrived for the previous one, exactly as
the Swift client does, so the Swift server (`swift run request_response_server`) and the C server
(Examples/request_response_c_server/run.sh) answer it alike. Run it with ./run.sh; Ctrl-C ends it cleanly.

TransmissionData and MyFunkServiceName come from the module `ipcgen python` generates from the definition;
zerocopyipc is the runtime generated beside it, over libZeroCopyIPCC.so.
"""

import sys

import zerocopyipc
from TransmissionData import MyFunkServiceName


def say(line):
    """Prints a line at once, also when the output goes to a pipe."""
    print(line, flush=True)


def describe(data):
    """The response as the Swift client prints it."""
    return f"TransmissionData(x: {data.x}, y: {data.y}, funky: {data.funky!r})"


def run():
    with zerocopyipc.Node("request_response_python_client") as node, \
            MyFunkServiceName.open_or_create(node) as service, \
            service.client() as client:
        request_counter = 0
        response_counter = 0

        # The first request by copy, the slower but shorter API.
        say(f"send request {request_counter} ...")
        pending = client.send_copy(request_counter)
        try:
            # `wait` sleeps a second and raises on SIGINT/SIGTERM, which ends the loop.
            while True:
                node.wait(1.0)
                # Every response the servers sent to the last request, read in place in shared memory.
                while (response := pending.receive()) is not None:
                    with response:
                        say(f"  received response {response_counter}: {describe(response.payload)}")
                    response_counter += 1

                request_counter += 1
                # All further requests through a zero-copy loan, written in place.
                request = client.loan()
                request.payload.value = request_counter
                pending.close()
                pending = request.send()
                say(f"send request {request_counter} ...")
        except zerocopyipc.SignalError:
            pass
        finally:
            pending.close()
    say("exit")


if __name__ == "__main__":
    try:
        run()
    except zerocopyipc.ZeroCopyIPCError as error:
        say(f"error: {error}")
        sys.exit(1)
