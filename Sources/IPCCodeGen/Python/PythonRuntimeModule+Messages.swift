// The text of zerocopyipc.py, the Python runtime `ipcgen python` writes beside the generated modules: handles, the node, loans and received messages.
// Python source in a raw string literal, written out verbatim.
extension PythonRuntimeModule {
    static let messages = #"""


# MARK: - Handles


class _Handle:
    """An object of the C library that this Python object owns: closed once, by close(), `with` or the GC."""

    _DROP = ""
    _KIND = "handle"

    def __init__(self, handle):
        self._handle = handle

    @property
    def closed(self):
        """Whether close() (or a send) gave the handle back already."""
        return self._handle is None

    def close(self):
        """Gives the handle back to the C library; later uses raise InvalidHandleError. Closing twice is harmless."""
        handle, self._handle = self._handle, None
        if handle is not None:
            _check(getattr(_library(), self._DROP)(handle))

    def __enter__(self):
        return self

    def __exit__(self, *exception):
        self.close()

    def __del__(self):
        try:
            self.close()
        except Exception:  # noqa: BLE001 (the interpreter may be shutting down; nothing to report to)
            pass

    def _live(self):
        if self._handle is None:
            raise InvalidHandleError(
                Result.INVALID_HANDLE,
                f"the {self._KIND} was closed already (by close(), a `with` block or a send); use it only until then")
        return self._handle

    def _out(self, function, *arguments):
        """Calls `function(handle, *arguments, &out)` and returns out (None when the C library wrote NULL)."""
        out = ctypes.c_void_p()
        _check(getattr(_library(), function)(self._live(), *arguments, ctypes.byref(out)))
        return out.value


# MARK: - Node


class Node(_Handle):
    """A node, the process's participant in the system (`zc_node`)."""

    _DROP = "zc_node_drop"
    _KIND = "node"

    def __init__(self, name=None, *, config_file=None, root_path=None, prefix=None, signal_handling=True):
        """Creates a node. `config_file` is a TOML config (default: discovered); `root_path` and `prefix` override
        the config's; with `signal_handling`, SIGINT and SIGTERM make wait() raise instead of ending the process."""
        options = _NodeOptions()
        encoded = [None if value is None else str(value).encode("utf-8") for value in (name, config_file, root_path, prefix)]
        options.name, options.config_file, options.root_path, options.prefix = encoded
        options.disable_signal_handling = not signal_handling
        out = ctypes.c_void_p()
        _check(_library().zc_node_create(ctypes.byref(options), ctypes.byref(out)))
        super().__init__(out.value)

    @property
    def id(self):
        """The node's unique id."""
        value = ctypes.c_uint64()
        _check(_library().zc_node_id(self._live(), ctypes.byref(value)))
        return value.value

    def wait(self, timeout):
        """Sleeps up to `timeout` seconds; raises InterruptError (SIGINT) or TerminationRequestError (SIGTERM)
        once such a signal arrived, now or before."""
        _check(_library().zc_node_wait(self._live(), _nanoseconds(timeout)))


# MARK: - Messages


class _Message(_Handle):
    """A loan or a received message: its payload and user header are views into shared memory."""

    _PAYLOAD = ""
    _USER_HEADER = ""
    _WRITABLE = False

    def __init__(self, handle, payload_type, header_type):
        super().__init__(handle)
        self._payload_type = payload_type
        self._header_type = header_type
        self._view = None  # asked for on first use: a message that is only answered or closed costs no call
        self._header_view = None

    def _fetch(self):
        address = ctypes.c_void_p()
        count = ctypes.c_uint64()
        _check(getattr(_library(), self._PAYLOAD)(self._live(), ctypes.byref(address), ctypes.byref(count)))
        self._count = count.value
        self._view = self._payload_type.view(address.value, count.value)

    @property
    def payload(self):
        """The payload in shared memory: a ctypes object of the payload type (an array of it for a slice)."""
        self._live()
        if self._view is None:
            self._fetch()
        return self._view

    def __len__(self):
        """The number of elements (1 for a fixed payload)."""
        if self._view is None:
            self._fetch()
        return self._count

    @property
    def user_header(self):
        """The user header in shared memory; NoUserHeaderError when the service has none."""
        self._live()
        if self._header_view is None:
            if self._header_type is None:
                raise NoUserHeaderError(Result.NO_USER_HEADER, f"the service of this {self._KIND} has no user header")
            address = self._out(self._USER_HEADER)
            self._header_view = self._header_type.ctype.from_address(address)
        return self._header_view

    def as_memoryview(self):
        """The payload as a memoryview over shared memory (read only for received messages): one item per element
        for a primitive payload (format "B", "d", ...), its bytes for a struct payload."""
        view = _native_memoryview(self.payload, self._payload_type.ctype)
        return view if self._WRITABLE else view.toreadonly()

    def as_numpy(self):
        """The payload as a numpy array over shared memory, without a copy (read only for received messages)."""
        try:
            import numpy
        except ImportError:
            raise ImportError("as_numpy() needs numpy (pip install numpy); as_memoryview() needs nothing") from None
        array = numpy.ctypeslib.as_array(self.payload)
        if not self._WRITABLE:
            array.flags.writeable = False
        return array

    def _header(self, function, kind):
        header = _Header()
        _check(getattr(_library(), function)(self._live(), ctypes.byref(header)))
        return kind(header.a, header.b, header.c)


def _native_memoryview(view, ctype):
    """A memoryview in the native formats memoryview can index and assign (ctypes gives "<B", "<d", ...)."""
    data = memoryview(view).cast("B")
    code = getattr(ctype, "_type_", None) if issubclass(ctype, ctypes._SimpleCData) else None
    return data.cast(code) if isinstance(code, str) else data


class _Loan(_Message):
    _WRITABLE = True

    def write(self, value):
        """Writes `value` into the loaned payload: a number for a primitive, an instance of the payload type, or a
        sequence of elements (as long as the slice) for a slice. Returns the loan."""
        view = self.payload
        if self._payload_type.is_slice:
            if len(value) != len(view):
                raise _invalid(f"write: the slice holds {len(view)} elements, the value has {len(value)}")
            view[:] = value
        elif isinstance(view, ctypes._SimpleCData):
            view.value = value
        else:
            if not isinstance(value, type(view)):
                raise _invalid(f"write: expected a {type(view).__name__}, got a {type(value).__name__}")
            ctypes.memmove(ctypes.addressof(view), ctypes.addressof(value), ctypes.sizeof(view))
        return self

    def _consume(self):
        handle = self._live()
        self._handle = None  # a send consumes the loan, also when it fails
        return handle


def _loan_count(payload_type, count, value=None):
    if count is None:
        if value is not None and payload_type.is_slice:
            return len(value)
        if payload_type.is_slice:
            raise _invalid("loan: a slice payload needs the number of elements, loan(count)")
        return 1
    if not isinstance(count, int) or count < 1:
        raise _invalid(f"loan: count is a whole number of at least 1, not {count!r}")
    return count


class RequestMut(_Loan):
    """A loaned request (`zc_request_mut`): write the payload in place, then send()."""

    _DROP, _KIND = "zc_request_mut_drop", "request"
    _PAYLOAD, _USER_HEADER = "zc_request_mut_payload", "zc_request_mut_user_header"

    def __init__(self, handle, client):
        super().__init__(handle, client._service.REQUEST, client._service.REQUEST_HEADER)
        self._client = client

    def send(self):
        """Sends the request (the loan is consumed, also on failure) and returns its PendingResponse."""
        out = ctypes.c_void_p()
        _check(_library().zc_request_mut_send(self._consume(), ctypes.byref(out)))
        return PendingResponse(out.value, self._client)


class PendingResponse(_Handle):
    """The responses to one sent request (`zc_pending_response`); closing it tells the servers to stop."""

    _DROP, _KIND = "zc_pending_response_drop", "pending response"

    def __init__(self, handle, client):
        super().__init__(handle)
        self._client = client
        self._received = ctypes.c_bool()
        self._received_ref = ctypes.byref(self._received)
        self._copied = ctypes.c_uint64()
        self._copied_ref = ctypes.byref(self._copied)
        self.last_count = 0

    def receive(self, timeout=0.0):
        """The next Response, waiting up to `timeout` seconds; None when none came."""
        handle = self._out("zc_pending_response_receive", _nanoseconds(timeout))
        return None if handle is None else Response(handle, self._client)

    def receive_copy(self, timeout=0.0, into=None):
        """The next response's payload copied out, the response released at once: one C call
        (`zc_pending_response_receive_copy`), the quickest way for small payloads. Returns `into` (a payload-type
        instance, or a ctypes array for a slice payload) or a new instance, filled; None when none came. For a slice
        payload pass `into` and read the number of elements copied from `last_count`."""
        response_type = self._client._service.RESPONSE
        if into is None:
            if response_type.is_slice:
                raise _invalid("receive_copy: a slice payload needs into=, a ctypes array for the longest response")
            into = response_type.ctype()
        received = self._received
        _check(_library().zc_pending_response_receive_copy(
            self._live(), _nanoseconds(timeout) if timeout else 0, ctypes.addressof(into),
            len(into) if response_type.is_slice else 1, self._copied_ref, self._received_ref))
        if not received.value:
            return None
        self.last_count = self._copied.value
        return into

    @property
    def is_connected(self):
        """Whether a server still holds the request (more responses may come)."""
        value = ctypes.c_bool()
        _check(_library().zc_pending_response_is_connected(self._live(), ctypes.byref(value)))
        return value.value


class Response(_Message):
    """A received response (`zc_response`), read only in shared memory."""

    _DROP, _KIND = "zc_response_drop", "response"
    _PAYLOAD, _USER_HEADER = "zc_response_payload", "zc_response_user_header"

    def __init__(self, handle, client):
        super().__init__(handle, client._service.RESPONSE, client._service.RESPONSE_HEADER)

    @property
    def header(self):
        """The ResponseHeader: server id, request id, number of elements."""
        return self._header("zc_response_header_of", ResponseHeader)


class ActiveRequest(_Message):
    """A received request (`zc_active_request`); loan responses to it, close it to end the response stream."""

    _DROP, _KIND = "zc_active_request_drop", "active request"
    _PAYLOAD, _USER_HEADER = "zc_active_request_payload", "zc_active_request_user_header"

    def __init__(self, handle, server):
        super().__init__(handle, server._service.REQUEST, server._service.REQUEST_HEADER)
        self._server = server

    @property
    def header(self):
        """The RequestHeader: client id, request id, number of elements."""
        return self._header("zc_active_request_header_of", RequestHeader)

    @property
    def is_connected(self):
        """Whether the client still waits for responses."""
        value = ctypes.c_bool()
        _check(_library().zc_active_request_is_connected(self._live(), ctypes.byref(value)))
        return value.value

    def loan(self, count=None):
        """Loans a zeroed response to this request (`count` elements for a slice payload)."""
        count = _loan_count(self._server._service.RESPONSE, count)
        return ResponseMut(self._out("zc_active_request_loan", count), self._server)

    def send_copy(self, value, count=None):
        """Loans a response, writes `value` into it and sends it: one C call (`zc_active_request_send_copy`) when
        `value` is an instance of the payload type (a ctypes array of its elements for a slice)."""
        response_type = self._server._service.RESPONSE
        if isinstance(value, response_type.ctype) or (response_type.is_slice and isinstance(value, ctypes.Array)
                                                      and value._type_ is response_type.ctype):
            length = len(value) if response_type.is_slice else 1
            if count is not None and count != length:
                raise _invalid(f"send_copy: count is {count}, the value has {length} elements")
            _check(_library().zc_active_request_send_copy(self._live(), ctypes.addressof(value), length))
            return
        self.loan(_loan_count(response_type, count, value)).write(value).send()


class ResponseMut(_Loan):
    """A loaned response (`zc_response_mut`): write the payload in place, then send()."""

    _DROP, _KIND = "zc_response_mut_drop", "response"
    _PAYLOAD, _USER_HEADER = "zc_response_mut_payload", "zc_response_mut_user_header"

    def __init__(self, handle, server):
        super().__init__(handle, server._service.RESPONSE, server._service.RESPONSE_HEADER)

    def send(self):
        """Sends the response; the loan is consumed, also on failure."""
        _check(_library().zc_response_mut_send(self._consume()))


class SampleMut(_Loan):
    """A loaned sample (`zc_sample_mut`): write the payload in place, then send()."""

    _DROP, _KIND = "zc_sample_mut_drop", "sample"
    _PAYLOAD, _USER_HEADER = "zc_sample_mut_payload", "zc_sample_mut_user_header"

    def __init__(self, handle, publisher):
        super().__init__(handle, publisher._service.PAYLOAD, publisher._service.USER_HEADER)

    def send(self):
        """Sends the sample (the loan is consumed, also on failure); returns the number of subscribers reached."""
        receivers = ctypes.c_uint64()
        _check(_library().zc_sample_mut_send(self._consume(), ctypes.byref(receivers)))
        return receivers.value


class Sample(_Message):
    """A received sample (`zc_sample`), read only in shared memory."""

    _DROP, _KIND = "zc_sample_drop", "sample"
    _PAYLOAD, _USER_HEADER = "zc_sample_payload", "zc_sample_user_header"

    def __init__(self, handle, subscriber):
        super().__init__(handle, subscriber._service.PAYLOAD, subscriber._service.USER_HEADER)

    @property
    def header(self):
        """The PublishHeader: publisher id, sequence number, number of elements."""
        return self._header("zc_sample_header_of", PublishHeader)
"""#
}
