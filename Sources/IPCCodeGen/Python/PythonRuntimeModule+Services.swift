// The text of zerocopyipc.py, the Python runtime `ipcgen python` writes beside the generated modules: ports and the request-response and publish-subscribe services.
// Python source in a raw string literal, written out verbatim.
extension PythonRuntimeModule {
    static let services = #"""


# MARK: - Ports


class Client(_Handle):
    """A request-response client (`zc_client`)."""

    _DROP, _KIND = "zc_client_drop", "client"

    def __init__(self, handle, service):
        super().__init__(handle)
        self._service = service
        self._pending_out = ctypes.c_void_p()
        self._pending_ref = ctypes.byref(self._pending_out)

    @property
    def id(self):
        """The client's unique id."""
        value = ctypes.c_uint64()
        _check(_library().zc_client_id(self._live(), ctypes.byref(value)))
        return value.value

    def loan(self, count=None):
        """Loans a zeroed request in shared memory (`count` elements for a slice payload)."""
        count = _loan_count(self._service.REQUEST, count)
        return RequestMut(self._out("zc_client_loan", count), self)

    def send_copy(self, value, count=None):
        """Loans a request, writes `value` into it and sends it; returns its PendingResponse. One C call
        (`zc_client_send_copy`) when `value` is an instance of the payload type (a ctypes array of its elements for
        a slice)."""
        request_type = self._service.REQUEST
        if isinstance(value, request_type.ctype) or (request_type.is_slice and isinstance(value, ctypes.Array)
                                                     and value._type_ is request_type.ctype):
            length = len(value) if request_type.is_slice else 1
            if count is not None and count != length:
                raise _invalid(f"send_copy: count is {count}, the value has {length} elements")
            out = self._pending_out
            _check(_library().zc_client_send_copy(self._live(), ctypes.addressof(value), length, self._pending_ref))
            return PendingResponse(out.value, self)
        return self.loan(_loan_count(request_type, count, value)).write(value).send()


class Server(_Handle):
    """A request-response server (`zc_server`)."""

    _DROP, _KIND = "zc_server_drop", "server"

    def __init__(self, handle, service):
        super().__init__(handle)
        self._service = service
        self._request_out = ctypes.c_void_p()
        self._request_ref = ctypes.byref(self._request_out)

    def receive(self, timeout=0.0):
        """The next ActiveRequest, waiting up to `timeout` seconds; None when none came."""
        handle = self._out("zc_server_receive", _nanoseconds(timeout))
        return None if handle is None else ActiveRequest(handle, self)

    def receive_copy(self, timeout=0.0, into=None):
        """The next request with its payload copied out in the same C call (`zc_server_receive_copy`): a tuple
        (ActiveRequest, value) — `value` is `into` (a payload-type instance, or a ctypes array for a slice payload)
        or a new instance, filled — or None when none came. For a slice payload pass `into`; `len(request)` is the
        number of elements. Answer the request (`send_copy`) and close it as usual."""
        request_type = self._service.REQUEST
        if into is None:
            if request_type.is_slice:
                raise _invalid("receive_copy: a slice payload needs into=, a ctypes array for the longest request")
            into = request_type.ctype()
        out = self._request_out
        _check(_library().zc_server_receive_copy(
            self._live(), _nanoseconds(timeout) if timeout else 0, ctypes.addressof(into),
            len(into) if request_type.is_slice else 1, None, self._request_ref))
        if out.value is None:
            return None
        return ActiveRequest(out.value, self), into


class Publisher(_Handle):
    """A publisher (`zc_publisher`)."""

    _DROP, _KIND = "zc_publisher_drop", "publisher"

    def __init__(self, handle, service):
        super().__init__(handle)
        self._service = service

    def loan(self, count=None):
        """Loans a zeroed sample in shared memory (`count` elements for a slice payload)."""
        count = _loan_count(self._service.PAYLOAD, count)
        return SampleMut(self._out("zc_publisher_loan", count), self)

    def send_copy(self, value, count=None):
        """Loans a sample, writes `value` into it and sends it; returns the number of subscribers reached."""
        return self.loan(_loan_count(self._service.PAYLOAD, count, value)).write(value).send()


class Subscriber(_Handle):
    """A subscriber (`zc_subscriber`)."""

    _DROP, _KIND = "zc_subscriber_drop", "subscriber"

    def __init__(self, handle, service):
        super().__init__(handle)
        self._service = service

    def receive(self, timeout=0.0):
        """The next Sample, waiting up to `timeout` seconds; None when none came."""
        handle = self._out("zc_subscriber_receive", _nanoseconds(timeout))
        return None if handle is None else Sample(handle, self)


# MARK: - Services


def _details_pointer(payload_type, keep):
    if payload_type is None:
        return None
    details = payload_type.type_details()
    keep.append(details)
    return ctypes.pointer(details)


class _Service(_Handle):
    SERVICE_NAME = ""

    @classmethod
    def open_or_create(cls, node, **options):
        """Opens the service, or creates it with these options when it does not exist."""
        return cls(node, OpenMode.OPEN_OR_CREATE, options)

    @classmethod
    def open(cls, node, **options):
        """Opens the existing service; ServiceDoesNotExistError when there is none."""
        return cls(node, OpenMode.OPEN, options)

    @classmethod
    def create(cls, node, **options):
        """Creates the service; ServiceAlreadyExistsError when it exists."""
        return cls(node, OpenMode.CREATE, options)


class RequestResponseService(_Service):
    """A request-response service. Generated subclasses set SERVICE_NAME and the payload types; `define` makes
    one at run time. The options of open/create are the fields of `zc_request_response_options` (max_clients=16,
    safe_overflow_for_requests=False, ...)."""

    _DROP, _KIND = "zc_request_response_drop", "request-response service"
    REQUEST = None
    RESPONSE = None
    REQUEST_HEADER = None
    RESPONSE_HEADER = None

    @classmethod
    def define(cls, name, request, response, request_header=None, response_header=None):
        """A service class for `name` with these PayloadTypes."""
        return type("RequestResponseService", (cls,), {
            "SERVICE_NAME": name, "REQUEST": request, "RESPONSE": response, "REQUEST_HEADER": request_header,
            "RESPONSE_HEADER": response_header,
        })

    def __init__(self, node, mode, options):
        if self.REQUEST is None or self.RESPONSE is None:
            raise _invalid("open a generated service class, or one made by RequestResponseService.define(...)")
        values = _RequestResponseOptions()
        keep = []
        values.request = self.REQUEST.type_details()
        values.response = self.RESPONSE.type_details()
        values.request_user_header = _details_pointer(self.REQUEST_HEADER, keep)
        values.response_user_header = _details_pointer(self.RESPONSE_HEADER, keep)
        _fill(values, options, f"service '{self.SERVICE_NAME}'")
        out = ctypes.c_void_p()
        _check(_library().zc_request_response_open(
            node._live(), self.SERVICE_NAME.encode("utf-8"), ctypes.byref(values), int(mode), ctypes.byref(out)))
        super().__init__(out.value)

    @property
    def is_creator(self):
        """Whether this handle created the service."""
        value = ctypes.c_bool()
        _check(_library().zc_request_response_is_creator(self._live(), ctypes.byref(value)))
        return value.value

    def number_of_ports(self):
        """(clients, servers) connected to the service now."""
        clients, servers = ctypes.c_uint64(), ctypes.c_uint64()
        _check(_library().zc_request_response_number_of_ports(
            self._live(), ctypes.byref(clients), ctypes.byref(servers)))
        return clients.value, servers.value

    def client(self, **options):
        """Creates a Client; options are the fields of `zc_client_options` (allocation_strategy=..., ...)."""
        values = _ClientOptions()
        _fill(values, options, "client")
        return Client(self._out("zc_client_create", ctypes.byref(values)), self)

    def server(self, **options):
        """Creates a Server; options are the fields of `zc_server_options`."""
        values = _ServerOptions()
        _fill(values, options, "server")
        return Server(self._out("zc_server_create", ctypes.byref(values)), self)


class PublishSubscribeService(_Service):
    """A publish-subscribe service. Generated subclasses set SERVICE_NAME, PAYLOAD and USER_HEADER; `define`
    makes one at run time. The options are the fields of `zc_publish_subscribe_options` (history_size=4, ...)."""

    _DROP, _KIND = "zc_publish_subscribe_drop", "publish-subscribe service"
    PAYLOAD = None
    USER_HEADER = None

    @classmethod
    def define(cls, name, payload, user_header=None):
        """A service class for `name` with these PayloadTypes."""
        return type("PublishSubscribeService", (cls,), {
            "SERVICE_NAME": name, "PAYLOAD": payload, "USER_HEADER": user_header,
        })

    def __init__(self, node, mode, options):
        if self.PAYLOAD is None:
            raise _invalid("open a generated service class, or one made by PublishSubscribeService.define(...)")
        values = _PublishSubscribeOptions()
        keep = []
        values.payload = self.PAYLOAD.type_details()
        values.user_header = _details_pointer(self.USER_HEADER, keep)
        _fill(values, options, f"service '{self.SERVICE_NAME}'")
        out = ctypes.c_void_p()
        _check(_library().zc_publish_subscribe_open(
            node._live(), self.SERVICE_NAME.encode("utf-8"), ctypes.byref(values), int(mode), ctypes.byref(out)))
        super().__init__(out.value)

    def publisher(self, **options):
        """Creates a Publisher; options are the fields of `zc_publisher_options`."""
        values = _PublisherOptions()
        _fill(values, options, "publisher")
        return Publisher(self._out("zc_publisher_create", ctypes.byref(values)), self)

    def subscriber(self, **options):
        """Creates a Subscriber; options are the fields of `zc_subscriber_options`."""
        values = _SubscriberOptions()
        _fill(values, options, "subscriber")
        return Subscriber(self._out("zc_subscriber_create", ctypes.byref(values)), self)
"""#
}
