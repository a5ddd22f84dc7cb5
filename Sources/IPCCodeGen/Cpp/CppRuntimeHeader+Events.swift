// The text of zerocopyipc.hpp, the C++17 layer `ipcgen cpp` writes beside the generated headers: event services, notifiers and listeners.
// C++ source in a raw string literal, written out verbatim.
extension CppRuntimeHeader {
    static let events = #"""

// MARK: - Events

/// An event notifier (zc_notifier).
class Notifier {
public:
    explicit Notifier(zc_notifier *raw) noexcept : handle_(raw) {}

    /// Notifies every listener of `event_id`; returns the listeners reached. Throws Error with
    /// ZC_ERROR_EVENT_ID_OUT_OF_BOUNDS above the service's maximum, ZC_ERROR_MISSED_DEADLINE when the notification
    /// (delivered all the same) came later than the service's deadline.
    uint64_t notify(uint64_t event_id) {
        uint64_t reached = 0;
        check(zc_notifier_notify(raw(), event_id, &reached));
        return reached;
    }
    /// notify() with the notifier's default event id.
    uint64_t notify() {
        uint64_t reached = 0;
        check(zc_notifier_notify_default(raw(), &reached));
        return reached;
    }
    uint64_t id() const {
        uint64_t value = 0;
        check(zc_notifier_id(raw(), &value));
        return value;
    }
    zc_notifier *raw() const { return handle_.get("notifier"); }

private:
    detail::Owned<zc_notifier, zc_notifier_drop> handle_;
};

/// An event listener (zc_listener): each id notified since the last wait is handed out once.
class Listener {
public:
    explicit Listener(zc_listener *raw) noexcept : handle_(raw) {}

    /// The next pending event id, waiting up to `timeout`; empty when none came.
    std::optional<uint64_t> wait_one(std::chrono::nanoseconds timeout = {}) {
        bool received = false;
        uint64_t event_id = 0;
        check(zc_listener_wait_one(raw(), detail::nanoseconds(timeout), &received, &event_id));
        if (!received) return std::nullopt;
        return event_id;
    }
    uint64_t id() const {
        uint64_t value = 0;
        check(zc_listener_id(raw(), &value));
        return value;
    }
    zc_listener *raw() const { return handle_.get("listener"); }

private:
    detail::Owned<zc_listener, zc_listener_drop> handle_;
};

/// An event service (zc_event_service).
class EventService {
public:
    explicit EventService(zc_event_service *raw) noexcept : handle_(raw) {}

    /// Default options (the config's when creating, the service's when opening); change them, then open().
    static zc_event_options default_options() { return zc_event_options{}; }

    /// Opens, creates or opens-or-creates the event service `name`.
    static EventService open(Node &node, const char *name, zc_open_mode mode = ZC_OPEN_OR_CREATE,
                             const zc_event_options &options = default_options()) {
        zc_event_service *out = nullptr;
        check(zc_event_open(node.raw(), name, &options, mode, &out));
        return EventService(out);
    }

    Notifier notifier(const zc_notifier_options &options = {}) {
        zc_notifier *out = nullptr;
        check(zc_notifier_create(raw(), &options, &out));
        return Notifier(out);
    }
    Listener listener() {
        zc_listener *out = nullptr;
        check(zc_listener_create(raw(), &out));
        return Listener(out);
    }
    zc_event_service *raw() const { return handle_.get("event service"); }

private:
    detail::Owned<zc_event_service, zc_event_drop> handle_;
};

}  // namespace zerocopyipc

#endif  // ZEROCOPYIPC_HPP
"""#
}
