import CZeroCopyIPC
@_spi(Untyped) import ZeroCopyIPC

typealias RequestLoanHandle = MessageHandle<RawRequestLoan>
typealias PendingResponseHandle = MessageHandle<RawPendingResponse>
typealias ResponseHandle = MessageHandle<RawResponse>

extension RawRequestLoan: MessageTicket { static var tag: UInt { 1 } }
extension RawPendingResponse: MessageTicket { static var tag: UInt { 2 } }
extension RawResponse: MessageTicket { static var tag: UInt { 3 } }

/// A client handed to C, with the handles of its loans, pending responses and responses.
final class ClientHandle: PortHandle {
    private(set) var client: Client<RawPayload, RawPayload>?
    /// The client's untyped calls, which its messages use: valid while the client or one of them is alive (a
    /// plain value, read without a retain).
    let port: RawClientPort
    let loans = MessagePool<RawRequestLoan>()
    let pendingResponses = MessagePool<RawPendingResponse>()
    let responses = MessagePool<RawResponse>()

    init(client: Client<RawPayload, RawPayload>) {
        self.client = client
        port = client.rawPort
    }

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
        let client: Client<RawPayload, RawPayload>
        do throws(PortCreateError) { client = try builder.create() } catch { throw Failure(error) }
        out.pointee = try LiveHandles.publish(ClientHandle(client: client), in: function)
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
    @inline(__always) func body(_ handle: ClientHandle) -> zc_result {
        guard let out else { return nullArgument("out", in: function) }
        guard isLoanCount(count) else { return rejectedCount(count, in: function) }
        let request: RawRequestLoan
        do throws(LoanError) { request = try handle.port.loan(count: Int(count), zeroed: true) } catch { return failed(error) }
        do throws(Failure) {
            out.pointee = try handle.loans.handOut(request, owner: handle, in: function)
            return ZC_OK
        } catch {
            handle.port.drop(request)
            return failed(error)
        }
    }
    return borrowed(client, as: ClientHandle.self, "client", in: function, body)
}

@c public func zc_request_mut_payload(
    _ request: OpaquePointer?, _ payload: UnsafeMutablePointer<UnsafeMutableRawPointer?>?,
    _ count: UnsafeMutablePointer<UInt64>?
) -> zc_result {
    let function = "zc_request_mut_payload"
    return borrowed(request, as: RequestLoanHandle.self, "request", in: function) { loan in
        storePayload(loan.ticket.view, payload, count, in: function) { $0 }
    }
}

@c public func zc_request_mut_user_header(
    _ request: OpaquePointer?, _ header: UnsafeMutablePointer<UnsafeMutableRawPointer?>?
) -> zc_result {
    exported { () throws(Failure) in
        let function = "zc_request_mut_user_header"
        let loan = try LiveHandles.resolve(request, as: RequestLoanHandle.self, "request", in: function)
        try storeUserHeader(loan.ticket.view, header, in: function) { $0 }
    }
}

@c public func zc_request_mut_send(_ request: OpaquePointer?, _ out: UnsafeMutablePointer<OpaquePointer?>?)
    -> zc_result
{
    let function = "zc_request_mut_send"
    @inline(__always) func body(_ loan: RequestLoanHandle) -> zc_result {
        guard let out else { return nullArgument("out", in: function) }
        let (port, request) = (unsafeDowncast(loan.owner, to: ClientHandle.self).port, loan.ticket)
        // Taken back last: the client handle is read through the loan (borrowed, no retain) until then, in place
        // (a reference to it in a local costs a retain and a release).
        defer { loan.end() }
        let pending: RawPendingResponse
        do throws(SendError) { pending = try port.send(request) } catch { return failed(error) }
        do throws(Failure) {
            out.pointee = try unsafeDowncast(loan.owner, to: ClientHandle.self).pendingResponses.handOut(
                pending, owner: loan.owner, in: function)
            return ZC_OK
        } catch {
            port.drop(pending)
            return failed(error)
        }
    }
    return borrowed(request, as: RequestLoanHandle.self, "request", in: function, body)
}

@c public func zc_request_mut_drop(_ request: OpaquePointer?) -> zc_result {
    borrowed(request, as: RequestLoanHandle.self, "request", in: "zc_request_mut_drop") { loan in
        let (port, request) = (unsafeDowncast(loan.owner, to: ClientHandle.self).port, loan.ticket)
        loan.end()
        port.drop(request)
        return ZC_OK
    }
}

@c public func zc_pending_response_receive(
    _ pending: OpaquePointer?, _ timeoutNanoseconds: UInt64, _ out: UnsafeMutablePointer<OpaquePointer?>?
) -> zc_result {
    let function = "zc_pending_response_receive"
    @inline(__always) func body(_ handle: PendingResponseHandle) -> zc_result {
        guard let out else { return nullArgument("out", in: function) }
        out.pointee = nil
        let response: RawResponse?
        do throws(Failure) { response = try poll(handle, timeoutNanoseconds: timeoutNanoseconds) } catch {
            return failed(error)
        }
        guard let response else { return ZC_OK }
        // The client is read after the poll, and in place: a reference to it in a local costs a retain and a
        // release.
        do throws(Failure) {
            out.pointee = try unsafeDowncast(handle.owner, to: ClientHandle.self).responses.handOut(
                response, owner: handle.owner, in: function)
            return ZC_OK
        } catch {
            unsafeDowncast(handle.owner, to: ClientHandle.self).port.drop(response)
            return failed(error)
        }
    }
    return borrowed(pending, as: PendingResponseHandle.self, "pending", in: function, body)
}

@c public func zc_pending_response_is_connected(_ pending: OpaquePointer?, _ out: UnsafeMutablePointer<Bool>?)
    -> zc_result
{
    exported { () throws(Failure) in
        let function = "zc_pending_response_is_connected"
        let handle = try LiveHandles.resolve(pending, as: PendingResponseHandle.self, "pending", in: function)
        let out = try require(out, "out", in: function)
        out.pointee = unsafeDowncast(handle.owner, to: ClientHandle.self).port.isConnected(handle.ticket)
    }
}

@c public func zc_pending_response_drop(_ pending: OpaquePointer?) -> zc_result {
    borrowed(pending, as: PendingResponseHandle.self, "pending", in: "zc_pending_response_drop") { handle in
        let (port, pending) = (unsafeDowncast(handle.owner, to: ClientHandle.self).port, handle.ticket)
        handle.end()
        port.drop(pending)
        return ZC_OK
    }
}

@c public func zc_response_payload(
    _ response: OpaquePointer?, _ payload: UnsafeMutablePointer<UnsafeRawPointer?>?,
    _ count: UnsafeMutablePointer<UInt64>?
) -> zc_result {
    let function = "zc_response_payload"
    return borrowed(response, as: ResponseHandle.self, "response", in: function) { handle in
        storePayload(handle.ticket.view, payload, count, in: function) { UnsafeRawPointer($0) }
    }
}

@c public func zc_response_user_header(
    _ response: OpaquePointer?, _ header: UnsafeMutablePointer<UnsafeRawPointer?>?
) -> zc_result {
    exported { () throws(Failure) in
        let function = "zc_response_user_header"
        let handle = try LiveHandles.resolve(response, as: ResponseHandle.self, "response", in: function)
        try storeUserHeader(handle.ticket.view, header, in: function) { UnsafeRawPointer($0) }
    }
}

@c public func zc_response_header_of(_ response: OpaquePointer?, _ out: UnsafeMutablePointer<zc_response_header>?)
    -> zc_result
{
    exported { () throws(Failure) in
        let function = "zc_response_header_of"
        let handle = try LiveHandles.resolve(response, as: ResponseHandle.self, "response", in: function)
        let header = handle.ticket.header
        try store(
            zc_response_header(
                server_id: header.serverId, request_id: header.requestId,
                number_of_elements: UInt64(header.numberOfElements)), out, "out", in: function)
    }
}

@c public func zc_response_drop(_ response: OpaquePointer?) -> zc_result {
    borrowed(response, as: ResponseHandle.self, "response", in: "zc_response_drop") { handle in
        let (port, response) = (unsafeDowncast(handle.owner, to: ClientHandle.self).port, handle.ticket)
        handle.end()
        port.drop(response)
        return ZC_OK
    }
}

/// Polls (`timeoutNanoseconds` 0) or waits for the response of a pending-response handle.
/// - Returns: The response, or `nil` when nothing arrived.
@inline(__always)
func poll(_ handle: PendingResponseHandle, timeoutNanoseconds: UInt64) throws(Failure) -> RawResponse? {
    let port = unsafeDowncast(handle.owner, to: ClientHandle.self).port
    do throws(ReceiveError) {
        return timeoutNanoseconds == 0
            ? try port.receive(handle.ticket)
            : try port.receive(handle.ticket, timeout: duration(nanoseconds: timeoutNanoseconds))
    } catch {
        throw Failure(error)
    }
}
