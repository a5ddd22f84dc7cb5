"""A Python process on ZeroCopyIPC services, for the C API tests (Tests/CAPITests). Each scenario speaks the
protocol of the C peer's and the Swift test helper's scenario of the same name, so any pairing of Python, C and
Swift processes can be tested. Runs over the modules `ipcgen python` generates from Definitions/.

    python3 peer.py <scenario> --prefix P --root R [--service S] [--count N] [--scale N] [--view memoryview|numpy]

Prints READY when its ports exist, OK when it finished, and "FAIL <reason>" (exit 1) on any surprise.
"""

import ctypes
import sys

import zerocopyipc
from zerocopyipc import PayloadType, Primitive
from Sensors_Sensor import sensors_Reading, sensors_Status

ARGUMENTS = sys.argv[2:]


def option(key, fallback=None):
    for index in range(len(ARGUMENTS) - 1):
        if ARGUMENTS[index] == "--" + key:
            return ARGUMENTS[index + 1]
    return fallback


def say(line):
    print(line, flush=True)


def fail(reason):
    say(f"FAIL {reason}")
    sys.exit(1)


SERVICE = option("service", "test/service")
READING = PayloadType(sensors_Reading)
BYTES = PayloadType.of_primitive(Primitive.U8, is_slice=True)


def make_node(name):
    return zerocopyipc.Node(name, prefix=option("prefix"), root_path=option("root"))


# MARK: - The generated payload (Definitions/Sensors/Sensor.ipcdef), built exactly as the C and Swift peers do


def sample_reading(index):
    reading = sensors_Reading()  # zeroed, padding included
    reading.id = index
    reading.status = sensors_Status.running
    reading.position.x, reading.position.y, reading.position.z = 1.5, -2.25, float(index)
    reading.label.value = f"sensor-{index}"
    reading.samples.value = [sample * 0.5 for sample in range(index % 16)]
    for row in range(3):
        for column in range(3):
            reading.calibration[row][column] = 1.0 if row == column else float(index)
    reading.valid = index % 2 == 0
    reading.timestamp_ns = index * 1000000007
    return reading


def answer(reading):
    result = sensors_Reading()
    ctypes.memmove(ctypes.addressof(result), ctypes.addressof(reading), ctypes.sizeof(result))
    result.label.value = reading.label.value + "!"
    result.samples.value = list(reversed(reading.samples.value))
    result.status = sensors_Status.degraded
    return result


def raw(value):
    return ctypes.string_at(ctypes.addressof(value), ctypes.sizeof(value))


def normalized(reading):
    """The bytes, with those of the label's string that hold no value zeroed: Swift's FixedString leaves the padding
    between its terminator and its length undefined."""
    data = bytearray(raw(reading))
    start = sensors_Reading.label.offset + type(reading.label).terminator.offset + 1
    end = sensors_Reading.label.offset + type(reading.label).len.offset
    data[start:end] = bytes(end - start)
    return bytes(data)


def expect_bytes(what, actual, expected):
    if actual != expected:
        index = next(i for i in range(len(expected)) if actual[i] != expected[i])
        fail(f"{what}: byte {index} is 0x{actual[index]:02x}, Python wrote 0x{expected[index]:02x}")


def pattern(sequence, count):
    return bytes((sequence * 31 + index * 7) & 0xFF for index in range(count))


# MARK: - Scenarios


def generated_server():
    service_class = zerocopyipc.RequestResponseService.define(SERVICE, READING, READING)
    with make_node("python-generated-server") as node, service_class.open_or_create(node) as service, \
            service.server() as server:
        say("READY")
        for _ in range(int(option("count", "1"))):
            request = server.receive(timeout=30)
            if request is None:
                fail("no request")
            with request:
                reading = request.payload
                expect_bytes("request", normalized(reading), raw(sample_reading(reading.id)))
                request.loan().write(answer(reading)).send()
        node.wait(0.5)  # stay until the client got its last response and left
    say("OK")


def generated_client():
    service_class = zerocopyipc.RequestResponseService.define(SERVICE, READING, READING)
    with make_node("python-generated-client") as node, service_class.open_or_create(node) as service, \
            service.client() as client:
        count = int(option("count", "1"))
        for index in range(count):
            pending = client.send_copy(sample_reading(index))
            response = None
            # A server may not be connected yet when the first request goes out: send again until one answers.
            for _ in range(300):
                response = pending.receive(timeout=0.1)
                if response is not None:
                    break
                if not pending.is_connected:
                    pending.close()
                    node.wait(0.1)
                    pending = client.send_copy(sample_reading(index))
            if response is None:
                fail("no response")
            with response, pending:
                if len(response) != 1 or response.header.number_of_elements != 1:
                    fail("response is not one element")
                expect_bytes("response", normalized(response.payload), raw(answer(sample_reading(index))))
        say(f"LAST {answer(sample_reading(count - 1)).label.value}")
    say("OK")


def write_slice(loan, data):
    if option("view", "memoryview") == "numpy":
        array = loan.as_numpy()
        if array.ctypes.data != ctypes.addressof(loan.payload):
            fail("the numpy array is a copy")
        array[:] = list(data)
    else:
        view = loan.as_memoryview()
        view[:] = data


def read_slice(message):
    if option("view", "memoryview") == "numpy":
        array = message.as_numpy()
        if array.ctypes.data != ctypes.addressof(message.payload) or array.flags.writeable:
            fail("the numpy array of a received message is a copy or writable")
        return array.tobytes()
    view = message.as_memoryview()
    if not view.readonly:
        fail("the memoryview of a received message is writable")
    return bytes(view)


def slice_server():
    service_class = zerocopyipc.RequestResponseService.define(SERVICE, BYTES, BYTES)
    scale = int(option("scale", "32"))
    with make_node("python-slice-server") as node, service_class.open_or_create(node) as service, \
            service.server(allocation_strategy=zerocopyipc.AllocationStrategy.POWER_OF_TWO) as server:
        say("READY")
        for _ in range(int(option("count", "1"))):
            request = server.receive(timeout=30)
            if request is None:
                fail("no request")
            with request:
                length = len(request)
                sequence = length // scale - 1
                if read_slice(request) != pattern(sequence, length):
                    fail("request byte differs")
                response = request.loan(length)
                write_slice(response, pattern(sequence + 1000, length))
                response.send()
        node.wait(0.5)
    say("OK")


def slice_client():
    service_class = zerocopyipc.RequestResponseService.define(SERVICE, BYTES, BYTES)
    scale = int(option("scale", "32"))
    with make_node("python-slice-client") as node, service_class.open_or_create(node) as service, \
            service.client(allocation_strategy=zerocopyipc.AllocationStrategy.POWER_OF_TWO) as client:
        # As the Swift helper's slice-client: no loan before a server is there.
        for _ in range(600):
            if service.number_of_ports()[1] > 0:
                break
            node.wait(0.05)
        for sequence in range(int(option("count", "1"))):
            length = scale * (sequence + 1)
            response, pending = None, None
            for _ in range(300):
                # Send again only when no server holds the request (it went out before one connected).
                if pending is None or not pending.is_connected:
                    if pending is not None:
                        pending.close()
                    request = client.loan(length)
                    if len(request) != length:
                        fail("loan has the wrong length")
                    write_slice(request, pattern(sequence, length))
                    pending = request.send()
                response = pending.receive(timeout=0.1)
                if response is not None:
                    break
            if response is None:
                fail("no response")
            with response, pending:
                if len(response) != length:
                    fail("response has the wrong length")
                if read_slice(response) != pattern(sequence + 1000, length):
                    fail("response byte differs")
    say("OK")


def publish_subscribe_service(node):
    service_class = zerocopyipc.PublishSubscribeService.define(
        SERVICE, READING, user_header=PayloadType.of_primitive(Primitive.U64))
    return service_class.open_or_create(node, subscriber_max_buffer_size=4, safe_overflow=False)


def ps_publisher():
    with make_node("python-publisher") as node, publish_subscribe_service(node) as service, \
            service.publisher(unable_to_deliver=zerocopyipc.UnableToDeliver.BLOCK) as publisher:
        say("READY")
        for index in range(int(option("count", "1"))):
            while True:
                sample = publisher.loan()
                sample.write(sample_reading(index))
                sample.user_header.value = index
                # Wait for the subscriber before the first sample (no history).
                if sample.send() > 0 or index > 0:
                    break
                node.wait(0.05)
        node.wait(0.5)
    say("OK")


def ps_subscriber():
    with make_node("python-subscriber") as node, publish_subscribe_service(node) as service, \
            service.subscriber() as subscriber:
        say("READY")
        count = int(option("count", "1"))
        index = -1
        while index < count - 1:
            sample = subscriber.receive(timeout=30)
            if sample is None:
                fail("no sample")
            with sample:
                reading = sample.payload
                expect_bytes("sample", normalized(reading), raw(sample_reading(reading.id)))
                if sample.user_header.value != reading.id:
                    fail("user header differs")
                if reading.id != index + 1:
                    fail("a sample is missing or out of order")
                index = reading.id
    say("OK")


def open_mismatch():
    """Opens the Swift helper's Ping/Pong service with a 24-byte "test.Ping": must be refused."""

    class Ping(ctypes.Structure):
        _fields_ = [("a", ctypes.c_uint64), ("b", ctypes.c_uint64), ("c", ctypes.c_uint64)]
        TYPE_NAME, SIZE, ALIGNMENT, FINGERPRINT = "test.Ping", 24, 8, 0

    class Pong(ctypes.Structure):
        _fields_ = [("a", ctypes.c_uint64), ("b", ctypes.c_uint64)]
        TYPE_NAME, SIZE, ALIGNMENT, FINGERPRINT = "test.Pong", 16, 8, 0

    service_class = zerocopyipc.RequestResponseService.define(SERVICE, PayloadType(Ping), PayloadType(Pong))
    with make_node("python-mismatch") as node:
        for _ in range(300):
            try:
                service_class.open(node).close()
                fail("a mismatching type was accepted")
            except zerocopyipc.ServiceDoesNotExistError:
                node.wait(0.1)
            except zerocopyipc.IncompatibleTypesError as error:
                if error.code != zerocopyipc.Result.INCOMPATIBLE_TYPES or not isinstance(error, zerocopyipc.ServiceError):
                    fail(f"wrong code or class: {error!r}")
                say(f"INCOMPATIBLE {error.message}")
                break
    say("OK")


def hold_server():
    """Creates a server on the reading service, holds a request and a loaned response, and waits to be killed."""
    service_class = zerocopyipc.RequestResponseService.define(SERVICE, READING, READING)
    node = make_node("python-hold-server")
    service = service_class.open_or_create(node)
    server = service.server()
    say("READY")
    request = None
    while request is None:
        request = server.receive(timeout=30)
    loan = request.loan()
    say("HOLDING")
    while loan is not None:
        node.wait(1.0)


def mistakes():
    """Every user mistake through the Python layer raises its error class with the C code and a message."""
    import os

    def expect(error_class, what, action):
        try:
            action()
        except error_class as error:
            if isinstance(error, zerocopyipc.ZeroCopyIPCError) and error.code is not None \
                    and not isinstance(error.code, zerocopyipc.Result):
                fail(f"{what}: the code {error.code!r} is not a Result")
            if len(str(error)) < 20:
                fail(f"{what}: the message '{error}' names no fix")
            code = getattr(getattr(error, "code", None), "name", "-")
            say(f"MISTAKE {what}: {type(error).__name__} {code}: {error}")
            return
        except Exception as error:  # noqa: BLE001
            fail(f"{what}: expected {error_class.__name__}, got {type(error).__name__}: {error}")
        fail(f"{what}: expected {error_class.__name__}, nothing was raised")

    configured = os.environ.get(zerocopyipc.LIBRARY_ENVIRONMENT_VARIABLE)
    os.environ[zerocopyipc.LIBRARY_ENVIRONMENT_VARIABLE] = "/nonexistent/libZeroCopyIPCC.so"
    expect(zerocopyipc.LibraryNotFoundError, "missing library", lambda: zerocopyipc.Node("x"))
    os.environ[zerocopyipc.LIBRARY_ENVIRONMENT_VARIABLE] = configured

    expect(zerocopyipc.ZeroCopyIPCError, "node name too long", lambda: make_node("n" * 300))
    readings = zerocopyipc.RequestResponseService.define(SERVICE, READING, READING)
    slices = zerocopyipc.RequestResponseService.define(SERVICE + "/slices", BYTES, BYTES)
    samples = zerocopyipc.PublishSubscribeService.define(SERVICE, READING)
    with make_node("python-mistakes") as node:
        expect(zerocopyipc.ServiceDoesNotExistError, "open a missing service", lambda: readings.open(node))
        service = readings.create(node, max_loaned_requests=2)
        expect(zerocopyipc.ServiceAlreadyExistsError, "create twice", lambda: readings.create(node))
        # The same name under publish-subscribe is another service.
        expect(zerocopyipc.ServiceDoesNotExistError, "other pattern", lambda: samples.open(node))
        expect(zerocopyipc.InvalidArgumentError, "unknown option", lambda: readings.open(node, max_client=3))
        expect(ValueError, "negative option", lambda: readings.open(node, max_clients=-1))
        expect(zerocopyipc.InvalidArgumentError, "option of the wrong type", lambda: readings.open(node, max_nodes="8"))
        expect(zerocopyipc.UnsupportedAmountError, "limit above the service's", lambda: readings.open(
            node, max_loaned_requests=64))
        expect(zerocopyipc.InvalidArgumentError, "bad enum", lambda: service.client(allocation_strategy=7))
        expect(zerocopyipc.InvalidArgumentError, "base class opened", lambda: zerocopyipc.RequestResponseService.open(
            node))
        client = service.client()
        expect(zerocopyipc.ExceedsMaxLoanSizeError, "two elements of a fixed payload", lambda: client.loan(2))
        expect(zerocopyipc.InvalidArgumentError, "count 0", lambda: client.loan(0))
        loans = [client.loan(), client.loan()]
        expect(zerocopyipc.ExceedsMaxLoansError, "a loan beyond the limit", lambda: client.loan())
        expect(zerocopyipc.NoUserHeaderError, "user header of a service without", lambda: loans[0].user_header)
        expect(zerocopyipc.InvalidArgumentError, "write of another type", lambda: loans[0].write(3))
        loans[0].close()
        loans[0].close()  # harmless
        expect(zerocopyipc.InvalidHandleError, "payload of a closed loan", lambda: loans[0].payload)
        pending = loans[1].send()
        expect(zerocopyipc.InvalidHandleError, "send twice", lambda: loans[1].send())
        expect(zerocopyipc.InvalidArgumentError, "negative timeout", lambda: pending.receive(timeout=-1))
        pending.close()
        expect(zerocopyipc.InvalidHandleError, "a closed pending response", lambda: pending.receive())
        reading = sensors_Reading()
        expect(zerocopyipc.InvalidArgumentError, "string too long", lambda: setattr(reading.label, "value", "x" * 25))
        expect(zerocopyipc.InvalidArgumentError, "vec too long", lambda: setattr(reading.samples, "value", [0.0] * 17))
        reading.samples.value = [1.0] * 16
        expect(zerocopyipc.InvalidArgumentError, "append to a full vec", lambda: reading.samples.append(2.0))
        client.close()
        expect(zerocopyipc.InvalidHandleError, "loan from a closed client", lambda: client.loan())
        service.close()
        with slices.create(node) as slice_service, slice_service.client(initial_max_slice_len=16) as slice_client:
            expect(zerocopyipc.InvalidArgumentError, "slice loan without a count", lambda: slice_client.loan())
            expect(zerocopyipc.InvalidArgumentError, "write of another length", lambda: slice_client.loan(4).write(
                b"abc"))
        events = zerocopyipc.EventService.define(SERVICE + "/events")
        expect(zerocopyipc.InvalidArgumentError, "unknown event option", lambda: events.create(node, max_notifier=2))
        expect(zerocopyipc.InvalidArgumentError, "negative deadline", lambda: events.create(node, deadline=-1))
        expect(zerocopyipc.InvalidArgumentError, "event id of the wrong type",
               lambda: events.create(node, notifier_created_event="1"))
        with events.create(node, event_id_max_value=7) as event_service, event_service.notifier() as notifier:
            expect(zerocopyipc.InvalidArgumentError, "negative event id", lambda: notifier.notify(-1))
            expect(zerocopyipc.EventIdOutOfBoundsError, "event id above the maximum", lambda: notifier.notify(8))
            expect(zerocopyipc.InvalidArgumentError, "default id above the maximum",
                   lambda: event_service.notifier(default_event_id=8))
            with event_service.listener() as listener:
                if notifier.notify() != 1 or listener.wait_all() != [0]:
                    fail("the default event id 0 did not arrive once")
        for error_class in (zerocopyipc.NoUserHeaderError, zerocopyipc.InvalidHandleError):
            if not issubclass(error_class, zerocopyipc.UsageError):
                fail(f"{error_class.__name__} is not a UsageError")
    say("OK")


def open_events(node):
    return zerocopyipc.EventService.define(SERVICE).open_or_create(node, event_id_max_value=63)


def event_notifier():
    """Waits for --listeners listeners, notifies each id of --ids once (REACHED n), then --too-large (TOO_LARGE)."""
    with make_node("python-event-notifier") as node, open_events(node) as service, service.notifier() as notifier:
        say("READY")
        wanted = int(option("listeners", "1"))
        for _ in range(1200):
            if service.number_of_ports()[1] >= wanted:
                break
            node.wait(0.05)
        for event_id in option("ids", "1").split(","):
            say(f"REACHED {notifier.notify(int(event_id))}")
        too_large = option("too-large")
        if too_large is not None:
            try:
                notifier.notify(int(too_large))
                say("TOO_LARGE none")
            except zerocopyipc.EventIdOutOfBoundsError as error:
                say(f"TOO_LARGE {type(error).__name__} {error.code.name}")
    say("OK")


def event_listener():
    """Prints READY once listening, collects --count ids (each pending id once) and prints IDS a,b,... in order."""
    with make_node("python-event-listener") as node, open_events(node) as service, service.listener() as listener:
        say("READY")
        count = int(option("count", "1"))
        ids = []
        for _ in range(600):
            if len(ids) >= count:
                break
            ids += listener.wait_all(timeout=0.1)
        ids += listener.wait_all(timeout=0.2)  # nothing more arrives for what was sent once
        say(f"IDS {','.join(map(str, ids))}")
    say("OK")


SCENARIOS = {
    "generated-server": generated_server, "generated-client": generated_client, "slice-server": slice_server,
    "slice-client": slice_client, "ps-publisher": ps_publisher, "ps-subscriber": ps_subscriber,
    "open-mismatch": open_mismatch, "hold-server": hold_server, "mistakes": mistakes,
    "event-notifier": event_notifier, "event-listener": event_listener,
}

if __name__ == "__main__":
    if option("view") == "numpy":
        import numpy  # noqa: F401 (imported before the first message: as_numpy() then costs no import)
    if len(sys.argv) < 2 or sys.argv[1] not in SCENARIOS:
        print(f"usage: peer.py <{'|'.join(SCENARIOS)}> --prefix P --root R [...]", file=sys.stderr)
        sys.exit(2)
    try:
        SCENARIOS[sys.argv[1]]()
    except zerocopyipc.ZeroCopyIPCError as error:
        fail(f"{type(error).__name__}: {error}")
