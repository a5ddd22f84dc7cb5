import CZeroCopyIPC
import ZeroCopyIPC

typealias RequestLoanHandle = MessageHandle<RequestMut<RawPayload, RawPayload>, RawMessageView>
typealias PendingResponseHandle = MessageHandle<PendingResponse<RawPayload, RawPayload>, Void>
typealias ResponseHandle = MessageHandle<Response<RawPayload>, (view: RawMessageView, header: ResponseHeader)>

/// A client handed to C, with the handles of its loans, pending responses and responses.
final class ClientHandle: PortHandle {
    private(set) var client: Client<RawPayload, RawPayload>?
    let loans = MessagePool<RequestMut<RawPayload, RawPayload>, RawMessageView>()
    let pendingResponses = MessagePool<PendingResponse<RawPayload, RawPayload>, Void>()
    let responses = MessagePool<Response<RawPayload>, (view: RawMessageView, header: ResponseHeader)>()

    init(client: Client<RawPayload, RawPayload>) { self.client = client }

    override func close() {
        super.close()
        client = nil
        loans.drain()
        pendingResponses.drain()
        responses.drain()
    }
}

@c public func zc_client_create(
    _ service: OpaquePointer?, _ options: UnsafePointer<zc_client_options>?,
    _ out: UnsafeMutablePointer<OpaquePointer?>?
) -> zc_result {
    exported { () throws(Failure) in
        let function = "zc_client_create"
        let handle = try LiveHandles.resolve(service, as: RequestResponseHandle.self, "service", in: function)
        let out = try require(out, "out", in: function)
        let options = options?.pointee ?? zc_client_options()
        var builder = handle.service.clientBuilder()
            .allocationStrategy(try allocationStrategy(options.allocation_strategy, in: function))
        if let value = limit(options.initial_max_slice_len) { builder = builder.initialMaxSliceLen(value) }
        if let value = try unableToDeliver(options.unable_to_deliver, in: function) {
            builder = builder.unableToDeliverStrategy(value)
        }
        if let value = limit(options.max_active_requests) { builder = builder.maxActiveRequests(value) }
        do throws(PortCreateError) {
            out.pointee = LiveHandles.publish(ClientHandle(client: try builder.create()))
        } catch {
            throw Failure(error)
        }
    }
}

@c public func zc_client_drop(_ client: OpaquePointer?) -> zc_result {
    exported { () throws(Failure) in
        let handle = try LiveHandles.resolve(client, as: ClientHandle.self, "client", in: "zc_client_drop")
        handle.close()
        LiveHandles.retire(handle)
    }
}

@c public func zc_client_id(_ client: OpaquePointer?, _ out: UnsafeMutablePointer<UInt64>?) -> zc_result {
    exported { () throws(Failure) in
        let handle = try LiveHandles.resolve(client, as: ClientHandle.self, "client", in: "zc_client_id")
        try store(handle.client?.id ?? 0, out, "out", in: "zc_client_id")
    }
}

@c public func zc_client_loan(
    _ client: OpaquePointer?, _ count: UInt64, _ out: UnsafeMutablePointer<OpaquePointer?>?
) -> zc_result {
    let function = "zc_client_loan"
    return exported(client, as: ClientHandle.self, "client", in: function) { (handle) throws(Failure) in
        let out = try require(out, "out", in: function)
        let count = try loanCount(count, in: function)
        guard let port = handle.client else { throw closedPort("client", in: function) }
        do throws(LoanError) {
            let request = try port.loanRaw(count: count)
            let view = request.raw
            out.pointee = handle.loans.handOut(request, info: view, owner: handle)
        } catch {
            throw Failure(error)
        }
    }
}

/// A port handle that is still known but whose port is gone (cannot happen through the public functions).
func closedPort(_ argument: String, in function: String) -> Failure {
    Failure(ZC_ERROR_INVALID_HANDLE, "\(function): '\(argument)' was dropped; create a new one")
}

@c public func zc_request_mut_payload(
    _ request: OpaquePointer?, _ payload: UnsafeMutablePointer<UnsafeMutableRawPointer?>?,
    _ count: UnsafeMutablePointer<UInt64>?
) -> zc_result {
    let function = "zc_request_mut_payload"
    return exported(request, as: RequestLoanHandle.self, "request", in: function) { (loan) throws(Failure) in
        try storePayload(loan.info, payload, count, in: function) { $0 }
    }
}

@c public func zc_request_mut_user_header(
    _ request: OpaquePointer?, _ header: UnsafeMutablePointer<UnsafeMutableRawPointer?>?
) -> zc_result {
    exported { () throws(Failure) in
        let function = "zc_request_mut_user_header"
        let loan = try LiveHandles.resolve(request, as: RequestLoanHandle.self, "request", in: function)
        try storeUserHeader(loan.info, header, in: function) { $0 }
    }
}

@c public func zc_request_mut_send(_ request: OpaquePointer?, _ out: UnsafeMutablePointer<OpaquePointer?>?)
    -> zc_result
{
    let function = "zc_request_mut_send"
    return exported(request, as: RequestLoanHandle.self, "request", in: function) { (loan) throws(Failure) in
        let out = try require(out, "out", in: function)
        let client = unsafeDowncast(loan.owner, to: ClientHandle.self)
        guard let message = loan.message.take() else { throw closedPort("request", in: function) }
        loan.pool.takeBack(loan)
        do throws(SendError) {
            let pending = try message.send()
            out.pointee = client.pendingResponses.handOut(pending, info: (), owner: client)
        } catch {
            throw Failure(error)
        }
    }
}

@c public func zc_request_mut_drop(_ request: OpaquePointer?) -> zc_result {
    exported(request, as: RequestLoanHandle.self, "request", in: "zc_request_mut_drop") { $0.drop() }
}

@c public func zc_pending_response_receive(
    _ pending: OpaquePointer?, _ timeoutNanoseconds: UInt64, _ out: UnsafeMutablePointer<OpaquePointer?>?
) -> zc_result {
    let function = "zc_pending_response_receive"
    return exported(pending, as: PendingResponseHandle.self, "pending", in: function) { (handle) throws(Failure) in
        let out = try require(out, "out", in: function)
        out.pointee = nil
        let client = unsafeDowncast(handle.owner, to: ClientHandle.self)
        let polled = try poll(handle, timeoutNanoseconds: timeoutNanoseconds)
        guard let received = polled else { throw closedPort("pending", in: function) }
        if let response = received {
            let info = (view: response.raw, header: response.header)
            out.pointee = client.responses.handOut(response, info: info, owner: client)
        }
    }
}

@c public func zc_pending_response_is_connected(_ pending: OpaquePointer?, _ out: UnsafeMutablePointer<Bool>?)
    -> zc_result
{
    exported { () throws(Failure) in
        let function = "zc_pending_response_is_connected"
        let handle = try LiveHandles.resolve(pending, as: PendingResponseHandle.self, "pending", in: function)
        let out = try require(out, "out", in: function)
        guard let message = handle.message.take() else { throw closedPort("pending", in: function) }
        out.pointee = message.isConnected
        handle.message = consume message
    }
}

@c public func zc_pending_response_drop(_ pending: OpaquePointer?) -> zc_result {
    exported(pending, as: PendingResponseHandle.self, "pending", in: "zc_pending_response_drop") { $0.drop() }
}

@c public func zc_response_payload(
    _ response: OpaquePointer?, _ payload: UnsafeMutablePointer<UnsafeRawPointer?>?,
    _ count: UnsafeMutablePointer<UInt64>?
) -> zc_result {
    let function = "zc_response_payload"
    return exported(response, as: ResponseHandle.self, "response", in: function) { (handle) throws(Failure) in
        try storePayload(handle.info.view, payload, count, in: function) { UnsafeRawPointer($0) }
    }
}

@c public func zc_response_user_header(
    _ response: OpaquePointer?, _ header: UnsafeMutablePointer<UnsafeRawPointer?>?
) -> zc_result {
    exported { () throws(Failure) in
        let function = "zc_response_user_header"
        let handle = try LiveHandles.resolve(response, as: ResponseHandle.self, "response", in: function)
        try storeUserHeader(handle.info.view, header, in: function) { UnsafeRawPointer($0) }
    }
}

@c public func zc_response_header_of(_ response: OpaquePointer?, _ out: UnsafeMutablePointer<zc_response_header>?)
    -> zc_result
{
    exported { () throws(Failure) in
        let function = "zc_response_header_of"
        let handle = try LiveHandles.resolve(response, as: ResponseHandle.self, "response", in: function)
        let header = handle.info.header
        try store(
            zc_response_header(
                server_id: header.serverId, request_id: header.requestId,
                number_of_elements: UInt64(header.numberOfElements)), out, "out", in: function)
    }
}

@c public func zc_response_drop(_ response: OpaquePointer?) -> zc_result {
    exported(response, as: ResponseHandle.self, "response", in: "zc_response_drop") { $0.drop() }
}

/// Polls (`timeoutNanoseconds` 0) or waits for the response of a pending-response handle, borrowing the pending
/// response in place: a poll that finds nothing moves nothing.
/// - Returns: `.none` when the handle holds no pending response any more, `.some(nil)` when nothing arrived.
@inline(__always)
func poll(_ handle: PendingResponseHandle, timeoutNanoseconds: UInt64) throws(Failure) -> Response<RawPayload>?? {
    do throws(ReceiveError) {
        switch handle.message {
        case .some(let message):
            return timeoutNanoseconds == 0
                ? try message.receive() : try message.receive(timeout: duration(nanoseconds: timeoutNanoseconds))
        case .none: return .none
        }
    } catch {
        throw Failure(error)
    }
}
