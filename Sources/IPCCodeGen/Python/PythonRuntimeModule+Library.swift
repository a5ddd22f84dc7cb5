// The text of zerocopyipc.py, the Python runtime `ipcgen python` writes beside the generated modules: the C API's structures, loading the library, payload types and options.
// Python source in a raw string literal, written out verbatim.
extension PythonRuntimeModule {
    static let library = #"""


# MARK: - The C API's structures (zerocopyipc.h)


class TypeDetails(ctypes.Structure):
    """`zc_type_details`: a payload or user-header type as a service records it."""

    _fields_ = [
        ("type_name", ctypes.c_char_p),
        ("size", ctypes.c_uint64),
        ("alignment", ctypes.c_uint64),
        ("variant", ctypes.c_int),
        ("fingerprint", ctypes.c_uint64),
    ]


class _NodeOptions(ctypes.Structure):
    _fields_ = [
        ("name", ctypes.c_char_p),
        ("config_file", ctypes.c_char_p),
        ("root_path", ctypes.c_char_p),
        ("prefix", ctypes.c_char_p),
        ("disable_signal_handling", ctypes.c_bool),
    ]


_U64 = ctypes.c_uint64
_INT = ctypes.c_int


class _RequestResponseOptions(ctypes.Structure):
    _fields_ = [
        ("request", TypeDetails),
        ("response", TypeDetails),
        ("request_user_header", ctypes.POINTER(TypeDetails)),
        ("response_user_header", ctypes.POINTER(TypeDetails)),
        ("request_payload_alignment", _U64),
        ("response_payload_alignment", _U64),
        ("max_clients", _U64),
        ("max_servers", _U64),
        ("max_nodes", _U64),
        ("max_active_requests_per_client", _U64),
        ("max_loaned_requests", _U64),
        ("max_response_buffer_size", _U64),
        ("max_borrowed_responses_per_pending_response", _U64),
        ("max_loaned_responses_per_request", _U64),
        ("safe_overflow_for_requests", _INT),
        ("safe_overflow_for_responses", _INT),
        ("fire_and_forget_requests", _INT),
    ]


class _PublishSubscribeOptions(ctypes.Structure):
    _fields_ = [
        ("payload", TypeDetails),
        ("user_header", ctypes.POINTER(TypeDetails)),
        ("payload_alignment", _U64),
        ("max_publishers", _U64),
        ("max_subscribers", _U64),
        ("max_nodes", _U64),
        ("set_history_size", ctypes.c_bool),
        ("history_size", _U64),
        ("subscriber_max_buffer_size", _U64),
        ("subscriber_max_borrowed_samples", _U64),
        ("safe_overflow", _INT),
    ]


class _EventOptions(ctypes.Structure):
    _fields_ = [
        ("max_notifiers", _U64),
        ("max_listeners", _U64),
        ("max_nodes", _U64),
        ("set_event_id_max_value", ctypes.c_bool),
        ("event_id_max_value", _U64),
        ("deadline", _INT),
        ("deadline_ns", _U64),
        ("notifier_created_event", _INT),
        ("notifier_dropped_event", _INT),
        ("notifier_dead_event", _INT),
        ("notifier_created_event_id", _U64),
        ("notifier_dropped_event_id", _U64),
        ("notifier_dead_event_id", _U64),
    ]


class _NotifierOptions(ctypes.Structure):
    _fields_ = [("set_default_event_id", ctypes.c_bool), ("default_event_id", _U64)]


class _ClientOptions(ctypes.Structure):
    _fields_ = [
        ("initial_max_slice_len", _U64),
        ("allocation_strategy", _INT),
        ("unable_to_deliver", _INT),
        ("max_active_requests", _U64),
    ]


class _ServerOptions(ctypes.Structure):
    _fields_ = [
        ("initial_max_slice_len", _U64),
        ("allocation_strategy", _INT),
        ("max_loaned_responses_per_request", _U64),
    ]


class _PublisherOptions(ctypes.Structure):
    _fields_ = [
        ("max_loaned_samples", _U64),
        ("unable_to_deliver", _INT),
        ("initial_max_slice_len", _U64),
        ("allocation_strategy", _INT),
    ]


class _SubscriberOptions(ctypes.Structure):
    _fields_ = [("buffer_size", _U64)]


class _Header(ctypes.Structure):
    _fields_ = [("a", _U64), ("b", _U64), ("c", _U64)]


class RequestHeader(NamedTuple):
    """The header of a request as the server sees it."""

    client_id: int
    request_id: int
    number_of_elements: int


class ResponseHeader(NamedTuple):
    """The header of a response as the client sees it."""

    server_id: int
    request_id: int
    number_of_elements: int


class PublishHeader(NamedTuple):
    """The header of a received sample."""

    publisher_id: int
    sequence_number: int
    number_of_elements: int


# MARK: - The library


_P = ctypes.c_void_p
_PP = ctypes.POINTER(ctypes.c_void_p)
_PU64 = ctypes.POINTER(ctypes.c_uint64)
_PBOOL = ctypes.POINTER(ctypes.c_bool)

_PROTOTYPES = {
    "zc_primitive_type_details": [_INT, _INT, ctypes.POINTER(TypeDetails)],
    "zc_node_create": [ctypes.POINTER(_NodeOptions), _PP],
    "zc_node_drop": [_P],
    "zc_node_wait": [_P, _U64],
    "zc_node_id": [_P, _PU64],
    "zc_request_response_open": [_P, ctypes.c_char_p, ctypes.POINTER(_RequestResponseOptions), _INT, _PP],
    "zc_request_response_drop": [_P],
    "zc_request_response_is_creator": [_P, _PBOOL],
    "zc_request_response_number_of_ports": [_P, _PU64, _PU64],
    "zc_client_create": [_P, ctypes.POINTER(_ClientOptions), _PP],
    "zc_client_drop": [_P],
    "zc_client_id": [_P, _PU64],
    "zc_client_loan": [_P, _U64, _PP],
    "zc_request_mut_payload": [_P, _PP, _PU64],
    "zc_request_mut_user_header": [_P, _PP],
    "zc_request_mut_send": [_P, _PP],
    "zc_request_mut_drop": [_P],
    "zc_pending_response_receive": [_P, _U64, _PP],
    "zc_pending_response_is_connected": [_P, _PBOOL],
    "zc_pending_response_drop": [_P],
    "zc_response_payload": [_P, _PP, _PU64],
    "zc_response_user_header": [_P, _PP],
    "zc_response_header_of": [_P, ctypes.POINTER(_Header)],
    "zc_response_drop": [_P],
    "zc_server_create": [_P, ctypes.POINTER(_ServerOptions), _PP],
    "zc_server_drop": [_P],
    "zc_server_receive": [_P, _U64, _PP],
    "zc_active_request_payload": [_P, _PP, _PU64],
    "zc_active_request_user_header": [_P, _PP],
    "zc_active_request_header_of": [_P, ctypes.POINTER(_Header)],
    "zc_active_request_is_connected": [_P, _PBOOL],
    "zc_active_request_loan": [_P, _U64, _PP],
    "zc_active_request_drop": [_P],
    "zc_response_mut_payload": [_P, _PP, _PU64],
    "zc_response_mut_user_header": [_P, _PP],
    "zc_response_mut_send": [_P],
    "zc_response_mut_drop": [_P],
    "zc_client_send_copy": [_P, _P, _U64, _PP],
    "zc_pending_response_receive_copy": [_P, _U64, _P, _U64, _PU64, _PBOOL],
    "zc_server_receive_copy": [_P, _U64, _P, _U64, _PU64, _PP],
    "zc_active_request_send_copy": [_P, _P, _U64],
    "zc_publish_subscribe_open": [_P, ctypes.c_char_p, ctypes.POINTER(_PublishSubscribeOptions), _INT, _PP],
    "zc_publish_subscribe_drop": [_P],
    "zc_publisher_create": [_P, ctypes.POINTER(_PublisherOptions), _PP],
    "zc_publisher_drop": [_P],
    "zc_publisher_loan": [_P, _U64, _PP],
    "zc_sample_mut_payload": [_P, _PP, _PU64],
    "zc_sample_mut_user_header": [_P, _PP],
    "zc_sample_mut_send": [_P, _PU64],
    "zc_sample_mut_drop": [_P],
    "zc_subscriber_create": [_P, ctypes.POINTER(_SubscriberOptions), _PP],
    "zc_subscriber_drop": [_P],
    "zc_subscriber_receive": [_P, _U64, _PP],
    "zc_sample_payload": [_P, _PP, _PU64],
    "zc_sample_user_header": [_P, _PP],
    "zc_sample_header_of": [_P, ctypes.POINTER(_Header)],
    "zc_sample_drop": [_P],
    "zc_event_open": [_P, ctypes.c_char_p, ctypes.POINTER(_EventOptions), _INT, _PP],
    "zc_event_drop": [_P],
    "zc_event_number_of_ports": [_P, _PU64, _PU64],
    "zc_notifier_create": [_P, ctypes.POINTER(_NotifierOptions), _PP],
    "zc_notifier_drop": [_P],
    "zc_notifier_id": [_P, _PU64],
    "zc_notifier_notify": [_P, _U64, _PU64],
    "zc_notifier_notify_default": [_P, _PU64],
    "zc_listener_create": [_P, _PP],
    "zc_listener_drop": [_P],
    "zc_listener_id": [_P, _PU64],
    "zc_listener_wait_one": [_P, _U64, _PBOOL, _PU64],
}

_loaded = None


def _library():
    """The C library, loaded and its functions declared on first use."""
    global _loaded
    if _loaded is not None:
        return _loaded
    configured = os.environ.get(LIBRARY_ENVIRONMENT_VARIABLE)
    if configured:
        candidates = [configured]
    else:
        candidates = [os.path.join(os.path.dirname(os.path.abspath(__file__)), _LIBRARY_NAME), _LIBRARY_NAME]
    tried = []
    library = None
    for candidate in candidates:
        if candidate != _LIBRARY_NAME and not os.path.exists(candidate):
            tried.append(f"{candidate} (no such file)")
            continue
        try:
            library = ctypes.CDLL(candidate)
            break
        except OSError as error:
            tried.append(f"{candidate} ({error})")
    if library is None:
        raise LibraryNotFoundError(
            None,
            "cannot load the ZeroCopyIPC C library; tried " + ", ".join(tried) + ". Build it with "
            f"`swift build --product ZeroCopyIPCC` and set {LIBRARY_ENVIRONMENT_VARIABLE} to the path of "
            f"{_LIBRARY_NAME}, or put the library next to zerocopyipc.py",
        )
    for name, arguments in _PROTOTYPES.items():
        function = getattr(library, name)
        function.argtypes = arguments
        function.restype = _INT
    library.zc_last_error_message.argtypes = []
    library.zc_last_error_message.restype = ctypes.c_char_p
    library.zc_result_name.argtypes = [_INT]
    library.zc_result_name.restype = ctypes.c_char_p
    _loaded = library
    return library


# MARK: - Payload types


class Primitive(enum.IntEnum):
    """The primitives of the definition language (`zc_primitive`)."""

    BOOL = 0
    U8 = 1
    U16 = 2
    U32 = 3
    U64 = 4
    I8 = 5
    I16 = 6
    I32 = 7
    I64 = 8
    F32 = 9
    F64 = 10


_PRIMITIVE_CTYPES = {
    Primitive.BOOL: ctypes.c_bool,
    Primitive.U8: ctypes.c_uint8,
    Primitive.U16: ctypes.c_uint16,
    Primitive.U32: ctypes.c_uint32,
    Primitive.U64: ctypes.c_uint64,
    Primitive.I8: ctypes.c_int8,
    Primitive.I16: ctypes.c_int16,
    Primitive.I32: ctypes.c_int32,
    Primitive.I64: ctypes.c_int64,
    Primitive.F32: ctypes.c_float,
    Primitive.F64: ctypes.c_double,
}


class PayloadType:
    """A payload or user-header type: the ctypes type of one element, whether each message holds a slice of
    them, and where its type details come from (a generated class's TYPE_NAME, SIZE, ALIGNMENT and FINGERPRINT,
    or a primitive's as the C library gives them)."""

    def __init__(self, ctype, *, is_slice=False, details=None, primitive=None):
        self.ctype = ctype
        self.is_slice = is_slice
        self._details = ctype if details is None else details
        self._primitive = primitive

    @classmethod
    def of_primitive(cls, primitive, *, is_slice=False):
        """A primitive payload, e.g. `PayloadType.of_primitive(Primitive.U64)`."""
        primitive = Primitive(primitive)
        return cls(_PRIMITIVE_CTYPES[primitive], is_slice=is_slice, primitive=primitive)

    def type_details(self):
        """The `TypeDetails` the service records for this type."""
        details = TypeDetails()
        if self._primitive is not None:
            _check(_library().zc_primitive_type_details(int(self._primitive), int(self.is_slice), ctypes.byref(details)))
            return details
        source = self._details
        details.type_name = source.TYPE_NAME.encode("utf-8")
        details.size = source.SIZE
        details.alignment = source.ALIGNMENT
        details.variant = 1 if self.is_slice else 0
        details.fingerprint = source.FINGERPRINT
        return details

    def view(self, address, count):
        """The ctypes object over `count` elements at `address` in shared memory (one value unless a slice)."""
        if self.is_slice:
            array = self.ctype * count
            return array() if not address else array.from_address(address)
        return self.ctype.from_address(address)

    def __repr__(self):
        name = getattr(self._details, "TYPE_NAME", None) or (self._primitive.name.lower() if self._primitive else "?")
        return f"PayloadType([{name}])" if self.is_slice else f"PayloadType({name})"


class OpenMode(enum.IntEnum):
    """How to reach a service (`zc_open_mode`)."""

    OPEN_OR_CREATE = 0
    CREATE = 1
    OPEN = 2


class AllocationStrategy(enum.IntEnum):
    """How a sender's memory grows when a slice loan needs more (`zc_allocation_strategy`)."""

    STATIC = 0
    BEST_FIT = 1
    POWER_OF_TWO = 2


class UnableToDeliver(enum.IntEnum):
    """What a send does when a receiver's buffer is full and the service has no safe overflow."""

    DEFAULT = 0
    BLOCK = 1
    DISCARD = 2


_TYPE_OPTIONS = {
    "request", "response", "payload", "request_user_header", "response_user_header", "user_header", "set_history_size"
}
_SETTINGS = {"safe_overflow_for_requests", "safe_overflow_for_responses", "fire_and_forget_requests", "safe_overflow"}
_ENUMS = {"allocation_strategy": AllocationStrategy, "unable_to_deliver": UnableToDeliver}


def _fill(options, values, what):
    """Writes keyword options into a C options struct, refusing names it does not have and impossible values."""
    names = [name for name, _ in type(options)._fields_ if name not in _TYPE_OPTIONS]
    for key, value in values.items():
        if key not in names:
            raise _invalid(f"{what}: unknown option '{key}'; the options are {', '.join(names)}")
        if value is None:
            continue
        if key in _SETTINGS:
            value = 2 if value else 1  # zc_setting: ZC_SETTING_OFF 1, ZC_SETTING_ON 2
        elif key in _ENUMS:
            try:
                value = int(_ENUMS[key](value))
            except ValueError:
                choices = ", ".join(f"{_ENUMS[key].__name__}.{case.name}" for case in _ENUMS[key])
                raise _invalid(f"{what}: option '{key}' is one of {choices}, not {value!r}") from None
        elif not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise _invalid(f"{what}: option '{key}' takes a whole number of at least 0, not {value!r}")
        if key == "history_size":
            options.set_history_size = True
        setattr(options, key, value)


def _nanoseconds(timeout):
    if timeout < 0:
        raise _invalid(f"a timeout is at least 0 seconds, not {timeout}")
    return int(timeout * 1_000_000_000)
"""#
}
