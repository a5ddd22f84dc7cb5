// The text of zerocopyipc.hpp, the C++17 layer `ipcgen cpp` writes beside the generated headers: publish-subscribe services, ports and messages.
// C++ source in a raw string literal, written out verbatim.
extension CppRuntimeHeader {
    static let publishSubscribe = #"""

// MARK: - Publish-subscribe

/// A loaned sample (zc_sample_mut): write payload() in place, then std::move(sample).send().
template <class Payload, class UserHeader = NoHeader>
class SampleMut {
public:
    explicit SampleMut(zc_sample_mut *raw) noexcept : handle_(raw) {}

    typename Payload::View payload() { return detail::mutable_payload<Payload>(raw(), zc_sample_mut_payload); }
    template <class Header = UserHeader>
    typename Header::View user_header() {
        return detail::mutable_header<Header>(raw(), zc_sample_mut_user_header);
    }
    /// Sends the sample (the loan is consumed, also when this throws); returns the subscribers reached.
    uint64_t send() && {
        zc_sample_mut *sample = raw();
        handle_.release();
        uint64_t receivers = 0;
        check(zc_sample_mut_send(sample, &receivers));
        return receivers;
    }
    zc_sample_mut *raw() const { return handle_.get("sample"); }

private:
    detail::Owned<zc_sample_mut, zc_sample_mut_drop> handle_;
};

/// A received sample (zc_sample), read only in shared memory.
template <class Payload, class UserHeader = NoHeader>
class Sample {
public:
    explicit Sample(zc_sample *raw) noexcept : handle_(raw) {}

    typename Payload::ConstView payload() const {
        return detail::const_payload<Payload>(raw(), zc_sample_payload);
    }
    template <class Header = UserHeader>
    typename Header::ConstView user_header() const {
        return detail::const_header<Header>(raw(), zc_sample_user_header);
    }
    zc_publish_header header() const {
        zc_publish_header value{};
        check(zc_sample_header_of(raw(), &value));
        return value;
    }
    zc_sample *raw() const { return handle_.get("sample"); }

private:
    detail::Owned<zc_sample, zc_sample_drop> handle_;
};

/// A publisher (zc_publisher).
template <class Payload, class UserHeader = NoHeader>
class Publisher {
public:
    explicit Publisher(zc_publisher *raw) noexcept : handle_(raw) {}

    /// Loans a zeroed sample of `count` elements (1 for a fixed payload).
    SampleMut<Payload, UserHeader> loan(uint64_t count = 1) {
        zc_sample_mut *out = nullptr;
        check(zc_publisher_loan(raw(), count, &out));
        return SampleMut<Payload, UserHeader>(out);
    }
    zc_publisher *raw() const { return handle_.get("publisher"); }

private:
    detail::Owned<zc_publisher, zc_publisher_drop> handle_;
};

/// A subscriber (zc_subscriber).
template <class Payload, class UserHeader = NoHeader>
class Subscriber {
public:
    explicit Subscriber(zc_subscriber *raw) noexcept : handle_(raw) {}

    /// The next sample, waiting up to `timeout`; empty when none came.
    std::optional<Sample<Payload, UserHeader>> receive(std::chrono::nanoseconds timeout = {}) {
        zc_sample *out = nullptr;
        check(zc_subscriber_receive(raw(), detail::nanoseconds(timeout), &out));
        if (out == nullptr) return std::nullopt;
        return Sample<Payload, UserHeader>(out);
    }
    zc_subscriber *raw() const { return handle_.get("subscriber"); }

private:
    detail::Owned<zc_subscriber, zc_subscriber_drop> handle_;
};

/// A publish-subscribe service (zc_publish_subscribe_service) with its payload type (Fixed<T> or Slice<T>) and
/// user header (Fixed<T> or NoHeader).
template <class Payload, class UserHeader = NoHeader>
class PublishSubscribeService {
public:
    explicit PublishSubscribeService(zc_publish_subscribe_service *raw) noexcept : handle_(raw) {}

    /// Default options; change limits, then open(). open() always sets the types from the template arguments.
    static zc_publish_subscribe_options default_options() { return zc_publish_subscribe_options{}; }

    /// Opens, creates or opens-or-creates the service `name` with these types.
    static PublishSubscribeService open(Node &node, const char *name, zc_open_mode mode = ZC_OPEN_OR_CREATE,
                                        zc_publish_subscribe_options options = default_options()) {
        zc_type_details header{};
        options.payload = Payload::details();
        options.user_header = detail::header_details<UserHeader>(header);
        zc_publish_subscribe_service *out = nullptr;
        check(zc_publish_subscribe_open(node.raw(), name, &options, mode, &out));
        return PublishSubscribeService(out);
    }

    Publisher<Payload, UserHeader> publisher(const zc_publisher_options &options = {}) {
        zc_publisher *out = nullptr;
        check(zc_publisher_create(raw(), &options, &out));
        return Publisher<Payload, UserHeader>(out);
    }
    Subscriber<Payload, UserHeader> subscriber(const zc_subscriber_options &options = {}) {
        zc_subscriber *out = nullptr;
        check(zc_subscriber_create(raw(), &options, &out));
        return Subscriber<Payload, UserHeader>(out);
    }
    zc_publish_subscribe_service *raw() const { return handle_.get("publish-subscribe service"); }

private:
    detail::Owned<zc_publish_subscribe_service, zc_publish_subscribe_drop> handle_;
};
"""#
}
