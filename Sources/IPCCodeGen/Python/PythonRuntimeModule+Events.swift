// The text of zerocopyipc.py, the Python runtime `ipcgen python` writes beside the generated modules: event services, notifiers, listeners and the bases of the generated types.
// Python source in a raw string literal, written out verbatim.
extension PythonRuntimeModule {
    static let events = #"""


# MARK: - Events


class Notifier(_Handle):
    """An event notifier (`zc_notifier`)."""

    _DROP, _KIND = "zc_notifier_drop", "notifier"

    def notify(self, event_id=None):
        """Notifies every listener of `event_id` (the notifier's default id when None); returns the listeners
        reached. EventIdOutOfBoundsError above the service's maximum; MissedDeadlineError when the notification
        came later than the service's deadline (it was delivered all the same)."""
        reached = ctypes.c_uint64()
        if event_id is None:
            _check(_library().zc_notifier_notify_default(self._live(), ctypes.byref(reached)))
        else:
            if not isinstance(event_id, int) or event_id < 0:
                raise _invalid(f"notify: an event id is a whole number of at least 0, not {event_id!r}")
            _check(_library().zc_notifier_notify(self._live(), min(event_id, 2**64 - 1), ctypes.byref(reached)))
        return reached.value


class Listener(_Handle):
    """An event listener (`zc_listener`): each id notified since the last wait is handed out once."""

    _DROP, _KIND = "zc_listener_drop", "listener"

    def wait_one(self, timeout=0.0):
        """The next pending event id, waiting up to `timeout` seconds; None when none came."""
        received, event_id = ctypes.c_bool(), ctypes.c_uint64()
        _check(_library().zc_listener_wait_one(
            self._live(), _nanoseconds(timeout), ctypes.byref(received), ctypes.byref(event_id)))
        return event_id.value if received.value else None

    def wait_all(self, timeout=0.0):
        """Every pending event id (waiting up to `timeout` seconds for the first); an empty list when none came."""
        ids = []
        event_id = self.wait_one(timeout)
        while event_id is not None:
            ids.append(event_id)
            event_id = self.wait_one()
        return ids


_EVENT_IDS = ("notifier_created_event", "notifier_dropped_event", "notifier_dead_event")


class EventService(_Service):
    """An event service. Generated subclasses set SERVICE_NAME; `define` makes one at run time. Options:
    max_notifiers, max_listeners, max_nodes, event_id_max_value; deadline (seconds, or False for none); and
    notifier_created_event, notifier_dropped_event, notifier_dead_event (an id, or False for none)."""

    _DROP, _KIND = "zc_event_drop", "event service"

    @classmethod
    def define(cls, name):
        """A service class for `name`."""
        return type("EventService", (cls,), {"SERVICE_NAME": name})

    def __init__(self, node, mode, options):
        if not self.SERVICE_NAME:
            raise _invalid("open a generated service class, or one made by EventService.define(name)")
        values = _EventOptions()
        options = dict(options)
        what = f"service '{self.SERVICE_NAME}'"
        deadline = options.pop("deadline", None)
        if deadline is not None:
            if deadline is False:
                values.deadline = 1
            elif isinstance(deadline, (int, float)) and not isinstance(deadline, bool) and deadline > 0:
                values.deadline, values.deadline_ns = 2, _nanoseconds(deadline)
            else:
                raise _invalid(f"{what}: deadline is a number of seconds above 0, or False for none, not {deadline!r}")
        for key in _EVENT_IDS:
            value = options.pop(key, None)
            if value is None:
                continue
            if value is False:
                setattr(values, key, 1)
            elif isinstance(value, int) and not isinstance(value, bool) and value >= 0:
                setattr(values, key, 2)
                setattr(values, key + "_id", value)
            else:
                raise _invalid(f"{what}: {key} is an event id, or False for none, not {value!r}")
        for key in ("max_notifiers", "max_listeners", "max_nodes", "event_id_max_value"):
            value = options.pop(key, None)
            if value is None:
                continue
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise _invalid(f"{what}: option '{key}' takes a whole number of at least 0, not {value!r}")
            setattr(values, key, value)
            if key == "event_id_max_value":
                values.set_event_id_max_value = True
        if options:
            raise _invalid(
                f"{what}: unknown option '{next(iter(options))}'; the options are max_notifiers, max_listeners, "
                f"max_nodes, event_id_max_value, deadline, {', '.join(_EVENT_IDS)}")
        out = ctypes.c_void_p()
        _check(_library().zc_event_open(
            node._live(), self.SERVICE_NAME.encode("utf-8"), ctypes.byref(values), int(mode), ctypes.byref(out)))
        super().__init__(out.value)

    def number_of_ports(self):
        """(notifiers, listeners) connected to the service now."""
        notifiers, listeners = ctypes.c_uint64(), ctypes.c_uint64()
        _check(_library().zc_event_number_of_ports(self._live(), ctypes.byref(notifiers), ctypes.byref(listeners)))
        return notifiers.value, listeners.value

    def notifier(self, default_event_id=None):
        """Creates a Notifier; `default_event_id` is what notify() sends without an id (default 0)."""
        values = _NotifierOptions()
        if default_event_id is not None:
            if not isinstance(default_event_id, int) or default_event_id < 0:
                raise _invalid(f"notifier: default_event_id is an event id, not {default_event_id!r}")
            values.set_default_event_id, values.default_event_id = True, default_event_id
        return Notifier(self._out("zc_notifier_create", ctypes.byref(values)))

    def listener(self):
        """Creates a Listener."""
        return Listener(self._out("zc_listener_create"))


# MARK: - Bases of the generated types


class Struct(ctypes.Structure):
    """The base of every generated struct: a ctypes structure with the definition's exact layout."""

    def __repr__(self):
        fields = ", ".join(
            f"{name}={getattr(self, name)!r}" for name, *_ in self._fields_ if not name.startswith("_padding"))
        return f"{type(self).__name__}({fields})"


class FixedString(ctypes.Structure):
    """`string<N>`: up to CAPACITY bytes of UTF-8 in place (`data`, `terminator`, `len`)."""

    CAPACITY = 0

    @property
    def value(self):
        """The text."""
        length = min(self.len, self.CAPACITY)
        return ctypes.string_at(ctypes.addressof(self), length).decode("utf-8", "replace")

    @value.setter
    def value(self, text):
        data = text.encode("utf-8") if isinstance(text, str) else bytes(text)
        if len(data) > self.CAPACITY:
            raise _invalid(
                f"'{text!s:.24}' is {len(data)} bytes of UTF-8; a string<{self.CAPACITY}> holds at most "
                f"{self.CAPACITY}: shorten it or raise the capacity in the definition")
        ctypes.memset(ctypes.addressof(self), 0, ctypes.sizeof(self))
        ctypes.memmove(ctypes.addressof(self), data, len(data))
        self.len = len(data)

    def __len__(self):
        return min(self.len, self.CAPACITY)

    def __str__(self):
        return self.value

    def __repr__(self):
        return repr(self.value)


class FixedVector(ctypes.Structure):
    """`vec<T, N>`: the first `len` of CAPACITY elements in place (`data`, `len`)."""

    CAPACITY = 0

    def __len__(self):
        return min(self.len, self.CAPACITY)

    def __getitem__(self, index):
        return self.data[:len(self)][index]

    def __iter__(self):
        return iter(self.data[:len(self)])

    @property
    def value(self):
        """The elements as a list."""
        return self.data[:len(self)]

    @value.setter
    def value(self, elements):
        elements = list(elements)
        if len(elements) > self.CAPACITY:
            raise _invalid(
                f"{len(elements)} elements do not fit a vec of capacity {self.CAPACITY}: send fewer or raise "
                "the capacity in the definition")
        ctypes.memset(ctypes.addressof(self), 0, ctypes.sizeof(self))
        self.data[:len(elements)] = elements
        self.len = len(elements)

    def append(self, element):
        """Adds one element; InvalidArgumentError when the vector is full."""
        count = len(self)
        if count == self.CAPACITY:
            raise _invalid(f"the vec is full ({self.CAPACITY} elements); raise the capacity in the definition")
        self.data[count] = element
        self.len = count + 1

    def as_memoryview(self):
        """The elements in use as a memoryview over the struct's memory (bytes for struct elements)."""
        element = type(self.data)._type_
        return _native_memoryview(self.data, element)[:len(self) * (1 if issubclass(
            element, ctypes._SimpleCData) else ctypes.sizeof(element))]

    def __repr__(self):
        return repr(self.value)


class FixedOptional(ctypes.Structure):
    """`optional<T>`: `value` is meaningful when `has_value` is not 0."""

    def get(self):
        """The value, or None."""
        return self.value if self.has_value else None

    def set(self, value):
        """Stores `value`, or clears the optional for None."""
        if value is None:
            ctypes.memset(ctypes.addressof(self), 0, ctypes.sizeof(self))
        else:
            self.value = value
            self.has_value = 1

    def __repr__(self):
        return repr(self.get())


class TaggedUnion(ctypes.Structure):
    """A tagged union: `tag` says which member of `value` is meaningful (one of the TAG_* constants); CASES maps
    each tag to its case name. Another process may write a tag no constant names: `case` is then None."""

    CASES = {}

    @property
    def case(self):
        """The name of the active case, or None for an unknown tag."""
        return self.CASES.get(self.tag)

    def get(self):
        """The active case's payload (None for a case without one or an unknown tag)."""
        name = self.case
        return None if name is None or not any(field == name for field, *_ in self.value._fields_) else getattr(
            self.value, name)

    def set(self, case, payload=None):
        """Makes `case` active with `payload` (zeroing the rest of `value`)."""
        tags = {name: tag for tag, name in self.CASES.items()}
        if case not in tags:
            raise _invalid(f"'{case}' is not a case of {type(self).__name__}; the cases are {', '.join(tags)}")
        ctypes.memset(ctypes.addressof(self.value), 0, ctypes.sizeof(self.value))
        self.tag = tags[case]
        if payload is not None:
            setattr(self.value, case, payload)

    def __repr__(self):
        return f"{type(self).__name__}({self.case}={self.get()!r})"
"""#
}
