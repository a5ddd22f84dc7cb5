// The text of zerocopyipc.hpp, the C++17 layer `ipcgen cpp` writes beside the generated headers: request-response services, ports and messages.
// C++ source in a raw string literal, written out verbatim.
extension CppRuntimeHeader {
    static let requestResponse = #"""

// MARK: - Messages

namespace detail {
template <class Payload, class Raw>
typename Payload::View mutable_payload(Raw *raw, zc_result (*get)(Raw *, void **, uint64_t *)) {
    void *payload = nullptr;
    uint64_t count = 0;
    check(get(raw, &payload, &count));
    return Payload::view(payload, count);
}

template <class Payload, class Raw>
typename Payload::ConstView const_payload(Raw *raw, zc_result (*get)(Raw *, const void **, uint64_t *)) {
    const void *payload = nullptr;
    uint64_t count = 0;
    check(get(raw, &payload, &count));
    return Payload::view(payload, count);
}

template <class Header, class Raw>
typename Header::View mutable_header(Raw *raw, zc_result (*get)(Raw *, void **)) {
    static_assert(!std::is_same_v<Header, NoHeader>, "the service has no user header of this kind");
    void *header = nullptr;
    check(get(raw, &header));
    return Header::view(header, 1);
}

template <class Header, class Raw>
typename Header::ConstView const_header(Raw *raw, zc_result (*get)(Raw *, const void **)) {
    static_assert(!std::is_same_v<Header, NoHeader>, "the service has no user header of this kind");
    const void *header = nullptr;
    check(get(raw, &header));
    return Header::view(header, 1);
}
}  // namespace detail

// MARK: - Request-response

/// A received response (zc_response), read only in shared memory.
template <class Response, class ResponseHeader = NoHeader>
class ResponseOf {
public:
    /// Adopts a handle from zc_pending_response_receive.
    explicit ResponseOf(zc_response *raw) noexcept : handle_(raw) {}

    typename Response::ConstView payload() const {
        return detail::const_payload<Response>(raw(), zc_response_payload);
    }
    template <class Header = ResponseHeader>
    typename Header::ConstView user_header() const {
        return detail::const_header<Header>(raw(), zc_response_user_header);
    }
    zc_response_header header() const {
        zc_response_header value{};
        check(zc_response_header_of(raw(), &value));
        return value;
    }
    zc_response *raw() const { return handle_.get("response"); }

private:
    detail::Owned<zc_response, zc_response_drop> handle_;
};

/// The responses to one sent request (zc_pending_response); destroying it tells the servers to stop.
template <class Response, class ResponseHeader = NoHeader>
class PendingResponse {
public:
    explicit PendingResponse(zc_pending_response *raw) noexcept : handle_(raw) {}

    /// The next response, waiting up to `timeout`; empty when none came.
    std::optional<ResponseOf<Response, ResponseHeader>> receive(std::chrono::nanoseconds timeout = {}) {
        zc_response *out = nullptr;
        check(zc_pending_response_receive(raw(), detail::nanoseconds(timeout), &out));
        if (out == nullptr) return std::nullopt;
        return ResponseOf<Response, ResponseHeader>(out);
    }
    /// Whether a server still holds the request (more responses may come).
    bool is_connected() const {
        bool value = false;
        check(zc_pending_response_is_connected(raw(), &value));
        return value;
    }
    zc_pending_response *raw() const { return handle_.get("pending response"); }

private:
    detail::Owned<zc_pending_response, zc_pending_response_drop> handle_;
};

/// A loaned request (zc_request_mut): write payload() in place, then std::move(request).send().
template <class Request, class Response, class RequestHeader = NoHeader, class ResponseHeader = NoHeader>
class RequestMut {
public:
    explicit RequestMut(zc_request_mut *raw) noexcept : handle_(raw) {}

    typename Request::View payload() { return detail::mutable_payload<Request>(raw(), zc_request_mut_payload); }
    template <class Header = RequestHeader>
    typename Header::View user_header() {
        return detail::mutable_header<Header>(raw(), zc_request_mut_user_header);
    }
    /// Sends the request (the loan is consumed, also when this throws) and returns its pending response.
    PendingResponse<Response, ResponseHeader> send() && {
        zc_request_mut *request = raw();
        handle_.release();
        zc_pending_response *out = nullptr;
        check(zc_request_mut_send(request, &out));
        return PendingResponse<Response, ResponseHeader>(out);
    }
    zc_request_mut *raw() const { return handle_.get("request"); }

private:
    detail::Owned<zc_request_mut, zc_request_mut_drop> handle_;
};

/// A request-response client (zc_client).
template <class Request, class Response, class RequestHeader = NoHeader, class ResponseHeader = NoHeader>
class Client {
public:
    explicit Client(zc_client *raw) noexcept : handle_(raw) {}

    /// Loans a zeroed request of `count` elements (1 for a fixed payload).
    RequestMut<Request, Response, RequestHeader, ResponseHeader> loan(uint64_t count = 1) {
        zc_request_mut *out = nullptr;
        check(zc_client_loan(raw(), count, &out));
        return RequestMut<Request, Response, RequestHeader, ResponseHeader>(out);
    }
    uint64_t id() const {
        uint64_t value = 0;
        check(zc_client_id(raw(), &value));
        return value;
    }
    zc_client *raw() const { return handle_.get("client"); }

private:
    detail::Owned<zc_client, zc_client_drop> handle_;
};

/// A loaned response (zc_response_mut): write payload() in place, then std::move(response).send().
template <class Response, class ResponseHeader = NoHeader>
class ResponseMut {
public:
    explicit ResponseMut(zc_response_mut *raw) noexcept : handle_(raw) {}

    typename Response::View payload() { return detail::mutable_payload<Response>(raw(), zc_response_mut_payload); }
    template <class Header = ResponseHeader>
    typename Header::View user_header() {
        return detail::mutable_header<Header>(raw(), zc_response_mut_user_header);
    }
    /// Sends the response; the loan is consumed, also when this throws.
    void send() && {
        zc_response_mut *response = raw();
        handle_.release();
        check(zc_response_mut_send(response));
    }
    zc_response_mut *raw() const { return handle_.get("response"); }

private:
    detail::Owned<zc_response_mut, zc_response_mut_drop> handle_;
};

/// A received request (zc_active_request); destroying it ends the response stream.
template <class Request, class Response, class RequestHeader = NoHeader, class ResponseHeader = NoHeader>
class ActiveRequest {
public:
    explicit ActiveRequest(zc_active_request *raw) noexcept : handle_(raw) {}

    typename Request::ConstView payload() const {
        return detail::const_payload<Request>(raw(), zc_active_request_payload);
    }
    template <class Header = RequestHeader>
    typename Header::ConstView user_header() const {
        return detail::const_header<Header>(raw(), zc_active_request_user_header);
    }
    zc_request_header header() const {
        zc_request_header value{};
        check(zc_active_request_header_of(raw(), &value));
        return value;
    }
    bool is_connected() const {
        bool value = false;
        check(zc_active_request_is_connected(raw(), &value));
        return value;
    }
    /// Loans a zeroed response of `count` elements to this request.
    ResponseMut<Response, ResponseHeader> loan(uint64_t count = 1) {
        zc_response_mut *out = nullptr;
        check(zc_active_request_loan(raw(), count, &out));
        return ResponseMut<Response, ResponseHeader>(out);
    }
    zc_active_request *raw() const { return handle_.get("active request"); }

private:
    detail::Owned<zc_active_request, zc_active_request_drop> handle_;
};

/// A request-response server (zc_server).
template <class Request, class Response, class RequestHeader = NoHeader, class ResponseHeader = NoHeader>
class Server {
public:
    explicit Server(zc_server *raw) noexcept : handle_(raw) {}

    /// The next request, waiting up to `timeout`; empty when none came.
    std::optional<ActiveRequest<Request, Response, RequestHeader, ResponseHeader>> receive(
        std::chrono::nanoseconds timeout = {}) {
        zc_active_request *out = nullptr;
        check(zc_server_receive(raw(), detail::nanoseconds(timeout), &out));
        if (out == nullptr) return std::nullopt;
        return ActiveRequest<Request, Response, RequestHeader, ResponseHeader>(out);
    }
    zc_server *raw() const { return handle_.get("server"); }

private:
    detail::Owned<zc_server, zc_server_drop> handle_;
};

/// A request-response service (zc_request_response_service) with its payload and user-header types:
/// Fixed<T> or Slice<T>, and Fixed<T> or NoHeader.
template <class Request, class Response, class RequestHeader = NoHeader, class ResponseHeader = NoHeader>
class RequestResponseService {
public:
    explicit RequestResponseService(zc_request_response_service *raw) noexcept : handle_(raw) {}

    /// Default options; change limits, then open(). open() always sets the types from the template arguments.
    static zc_request_response_options default_options() { return zc_request_response_options{}; }

    /// Opens, creates or opens-or-creates the service `name` with these types.
    static RequestResponseService open(Node &node, const char *name, zc_open_mode mode = ZC_OPEN_OR_CREATE,
                                       zc_request_response_options options = default_options()) {
        zc_type_details request_header{}, response_header{};
        options.request = Request::details();
        options.response = Response::details();
        options.request_user_header = detail::header_details<RequestHeader>(request_header);
        options.response_user_header = detail::header_details<ResponseHeader>(response_header);
        zc_request_response_service *out = nullptr;
        check(zc_request_response_open(node.raw(), name, &options, mode, &out));
        return RequestResponseService(out);
    }

    Client<Request, Response, RequestHeader, ResponseHeader> client(const zc_client_options &options = {}) {
        zc_client *out = nullptr;
        check(zc_client_create(raw(), &options, &out));
        return Client<Request, Response, RequestHeader, ResponseHeader>(out);
    }
    Server<Request, Response, RequestHeader, ResponseHeader> server(const zc_server_options &options = {}) {
        zc_server *out = nullptr;
        check(zc_server_create(raw(), &options, &out));
        return Server<Request, Response, RequestHeader, ResponseHeader>(out);
    }
    bool is_creator() const {
        bool value = false;
        check(zc_request_response_is_creator(raw(), &value));
        return value;
    }
    zc_request_response_service *raw() const { return handle_.get("request-response service"); }

private:
    detail::Owned<zc_request_response_service, zc_request_response_drop> handle_;
};
"""#
}
