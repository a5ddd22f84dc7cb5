import CZeroCopyIPC
import ZeroCopyIPC

typealias ActiveRequestHandle = MessageHandle<
    ActiveRequest<RawPayload, RawPayload>, (view: RawMessageView, header: RequestHeader)
>
typealias ResponseLoanHandle = MessageHandle<ResponseMut<RawPayload>, RawMessageView>

/// A server handed to C, with the handles of its active requests and response loans.
final class ServerHandle: PortHandle {
    private(set) var server: Server<RawPayload, RawPayload>?
    let requests = MessagePool<ActiveRequest<RawPayload, RawPayload>, (view: RawMessageView, header: RequestHeader)>()
    let loans = MessagePool<ResponseMut<RawPayload>, RawMessageView>()

    init(server: Server<RawPayload, RawPayload>) { self.server = server }

    override func close() {
        super.close()
        server = nil
        requests.drain()
        loans.drain()
    }
}

@c public func zc_server_create(
    _ service: OpaquePointer?, _ options: UnsafePointer<zc_server_options>?,
    _ out: UnsafeMutablePointer<OpaquePointer?>?
) -> zc_result {
    exported { () throws(Failure) in
        let function = "zc_server_create"
        let handle = try LiveHandles.resolve(service, as: RequestResponseHandle.self, "service", in: function)
        let out = try require(out, "out", in: function)
        let options = options?.pointee ?? zc_server_options()
        var builder = handle.service.serverBuilder()
            .allocationStrategy(try allocationStrategy(options.allocation_strategy, in: function))
        if let value = limit(options.initial_max_slice_len) { builder = builder.initialMaxSliceLen(value) }
        if let value = limit(options.max_loaned_responses_per_request) {
            builder = builder.maxLoanedResponsesPerRequest(value)
        }
        do throws(PortCreateError) {
            out.pointee = LiveHandles.publish(ServerHandle(server: try builder.create()))
        } catch {
            throw Failure(error)
        }
    }
}

@c public func zc_server_drop(_ server: OpaquePointer?) -> zc_result {
    exported { () throws(Failure) in
        let handle = try LiveHandles.resolve(server, as: ServerHandle.self, "server", in: "zc_server_drop")
        handle.close()
        LiveHandles.retire(handle)
    }
}

@c public func zc_server_receive(
    _ server: OpaquePointer?, _ timeoutNanoseconds: UInt64, _ out: UnsafeMutablePointer<OpaquePointer?>?
) -> zc_result {
    let function = "zc_server_receive"
    return exported(server, as: ServerHandle.self, "server", in: function) { (handle) throws(Failure) in
        let out = try require(out, "out", in: function)
        out.pointee = nil
        guard let port = handle.server else { throw closedPort("server", in: function) }
        let received =
            timeoutNanoseconds == 0 ? port.receive() : port.receive(timeout: duration(nanoseconds: timeoutNanoseconds))
        if let request = received {
            let info = (view: request.raw, header: request.header)
            out.pointee = handle.requests.handOut(request, info: info, owner: handle)
        }
    }
}

@c public func zc_active_request_payload(
    _ request: OpaquePointer?, _ payload: UnsafeMutablePointer<UnsafeRawPointer?>?,
    _ count: UnsafeMutablePointer<UInt64>?
) -> zc_result {
    let function = "zc_active_request_payload"
    return exported(request, as: ActiveRequestHandle.self, "request", in: function) { (handle) throws(Failure) in
        try storePayload(handle.info.view, payload, count, in: function) { UnsafeRawPointer($0) }
    }
}

@c public func zc_active_request_user_header(
    _ request: OpaquePointer?, _ header: UnsafeMutablePointer<UnsafeRawPointer?>?
) -> zc_result {
    exported { () throws(Failure) in
        let function = "zc_active_request_user_header"
        let handle = try LiveHandles.resolve(request, as: ActiveRequestHandle.self, "request", in: function)
        try storeUserHeader(handle.info.view, header, in: function) { UnsafeRawPointer($0) }
    }
}

@c public func zc_active_request_header_of(
    _ request: OpaquePointer?, _ out: UnsafeMutablePointer<zc_request_header>?
) -> zc_result {
    exported { () throws(Failure) in
        let function = "zc_active_request_header_of"
        let handle = try LiveHandles.resolve(request, as: ActiveRequestHandle.self, "request", in: function)
        let header = handle.info.header
        try store(
            zc_request_header(
                client_id: header.clientId, request_id: header.requestId,
                number_of_elements: UInt64(header.numberOfElements)), out, "out", in: function)
    }
}

@c public func zc_active_request_is_connected(_ request: OpaquePointer?, _ out: UnsafeMutablePointer<Bool>?)
    -> zc_result
{
    exported { () throws(Failure) in
        let function = "zc_active_request_is_connected"
        let handle = try LiveHandles.resolve(request, as: ActiveRequestHandle.self, "request", in: function)
        let out = try require(out, "out", in: function)
        guard let message = handle.message.take() else { throw closedPort("request", in: function) }
        out.pointee = message.isConnected
        handle.message = consume message
    }
}

@c public func zc_active_request_loan(
    _ request: OpaquePointer?, _ count: UInt64, _ out: UnsafeMutablePointer<OpaquePointer?>?
) -> zc_result {
    let function = "zc_active_request_loan"
    return exported(request, as: ActiveRequestHandle.self, "request", in: function) { (handle) throws(Failure) in
        let out = try require(out, "out", in: function)
        let count = try loanCount(count, in: function)
        let server = unsafeDowncast(handle.owner, to: ServerHandle.self)
        let loaned: ResponseMut<RawPayload>?
        do throws(LoanError) {
            switch handle.message {
            case .some(let message): loaned = try message.loanRaw(count: count)
            case .none: loaned = nil
            }
        } catch {
            throw Failure(error)
        }
        guard let response = loaned else { throw closedPort("request", in: function) }
        let view = response.raw
        out.pointee = server.loans.handOut(response, info: view, owner: server)
    }
}

@c public func zc_active_request_drop(_ request: OpaquePointer?) -> zc_result {
    exported(request, as: ActiveRequestHandle.self, "request", in: "zc_active_request_drop") { $0.drop() }
}

@c public func zc_response_mut_payload(
    _ response: OpaquePointer?, _ payload: UnsafeMutablePointer<UnsafeMutableRawPointer?>?,
    _ count: UnsafeMutablePointer<UInt64>?
) -> zc_result {
    let function = "zc_response_mut_payload"
    return exported(response, as: ResponseLoanHandle.self, "response", in: function) { (loan) throws(Failure) in
        try storePayload(loan.info, payload, count, in: function) { $0 }
    }
}

@c public func zc_response_mut_user_header(
    _ response: OpaquePointer?, _ header: UnsafeMutablePointer<UnsafeMutableRawPointer?>?
) -> zc_result {
    exported { () throws(Failure) in
        let function = "zc_response_mut_user_header"
        let loan = try LiveHandles.resolve(response, as: ResponseLoanHandle.self, "response", in: function)
        try storeUserHeader(loan.info, header, in: function) { $0 }
    }
}

@c public func zc_response_mut_send(_ response: OpaquePointer?) -> zc_result {
    let function = "zc_response_mut_send"
    return exported(response, as: ResponseLoanHandle.self, "response", in: function) { (loan) throws(Failure) in
        guard let message = loan.message.take() else { throw closedPort("response", in: function) }
        loan.pool.takeBack(loan)
        do throws(SendError) { try message.send() } catch { throw Failure(error) }
    }
}

@c public func zc_response_mut_drop(_ response: OpaquePointer?) -> zc_result {
    exported(response, as: ResponseLoanHandle.self, "response", in: "zc_response_mut_drop") { $0.drop() }
}
