import CZeroCopyIPC
@_spi(Untyped) import ZeroCopyIPC

typealias ActiveRequestHandle = MessageHandle<RawActiveRequest>
typealias ResponseLoanHandle = MessageHandle<RawResponseLoan>

extension RawActiveRequest: MessageTicket { static var tag: UInt { 4 } }
extension RawResponseLoan: MessageTicket { static var tag: UInt { 5 } }

/// A server handed to C, with the handles of its active requests and response loans.
final class ServerHandle: PortHandle {
    private(set) var server: Server<RawPayload, RawPayload>?
    /// The server's untyped calls, which its messages use: valid while the server or one of them is alive (a
    /// plain value, read without a retain).
    let port: RawServerPort
    let requests = MessagePool<RawActiveRequest>()
    let loans = MessagePool<RawResponseLoan>()

    init(server: Server<RawPayload, RawPayload>) {
        self.server = server
        port = server.rawPort
    }

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
        let server: Server<RawPayload, RawPayload>
        do throws(PortCreateError) { server = try builder.create() } catch { throw Failure(error) }
        out.pointee = try LiveHandles.publish(ServerHandle(server: server), in: function)
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
    @inline(__always) func body(_ handle: ServerHandle) -> zc_result {
        guard let out else { return nullArgument("out", in: function) }
        out.pointee = nil
        // One hand-out per branch: a request joined from both would be copied once more (it is 12 words).
        if timeoutNanoseconds == 0 {
            guard let request = handle.port.receive() else { return ZC_OK }
            return handOut(request, handle, out)
        }
        guard let request = handle.port.receive(timeout: duration(nanoseconds: timeoutNanoseconds)) else { return ZC_OK }
        return handOut(request, handle, out)
    }
    @inline(__always) func handOut(
        _ request: borrowing RawActiveRequest, _ handle: ServerHandle, _ out: UnsafeMutablePointer<OpaquePointer?>
    ) -> zc_result {
        do throws(Failure) {
            out.pointee = try handle.requests.handOut(request, owner: handle, in: function)
            return ZC_OK
        } catch {
            handle.port.drop(request)
            return failed(error)
        }
    }
    return borrowed(server, as: ServerHandle.self, "server", in: function, body)
}

@c public func zc_active_request_payload(
    _ request: OpaquePointer?, _ payload: UnsafeMutablePointer<UnsafeRawPointer?>?,
    _ count: UnsafeMutablePointer<UInt64>?
) -> zc_result {
    let function = "zc_active_request_payload"
    return borrowed(request, as: ActiveRequestHandle.self, "request", in: function) { handle in
        storePayload(handle.ticket.view, payload, count, in: function) { UnsafeRawPointer($0) }
    }
}

@c public func zc_active_request_user_header(
    _ request: OpaquePointer?, _ header: UnsafeMutablePointer<UnsafeRawPointer?>?
) -> zc_result {
    exported { () throws(Failure) in
        let function = "zc_active_request_user_header"
        let handle = try LiveHandles.resolve(request, as: ActiveRequestHandle.self, "request", in: function)
        try storeUserHeader(handle.ticket.view, header, in: function) { UnsafeRawPointer($0) }
    }
}

@c public func zc_active_request_header_of(
    _ request: OpaquePointer?, _ out: UnsafeMutablePointer<zc_request_header>?
) -> zc_result {
    exported { () throws(Failure) in
        let function = "zc_active_request_header_of"
        let handle = try LiveHandles.resolve(request, as: ActiveRequestHandle.self, "request", in: function)
        let header = handle.ticket.header
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
        out.pointee = unsafeDowncast(handle.owner, to: ServerHandle.self).port.isConnected(handle.ticket)
    }
}

@c public func zc_active_request_loan(
    _ request: OpaquePointer?, _ count: UInt64, _ out: UnsafeMutablePointer<OpaquePointer?>?
) -> zc_result {
    let function = "zc_active_request_loan"
    @inline(__always) func body(_ handle: ActiveRequestHandle) -> zc_result {
        guard let out else { return nullArgument("out", in: function) }
        guard isLoanCount(count) else { return rejectedCount(count, in: function) }
        let port = unsafeDowncast(handle.owner, to: ServerHandle.self).port
        let response: RawResponseLoan
        do throws(LoanError) {
            response = try port.loan(for: handle.ticket, count: Int(count), zeroed: true)
        } catch {
            return failed(error)
        }
        // The server is read in place: a reference to it in a local costs a retain and a release.
        do throws(Failure) {
            out.pointee = try unsafeDowncast(handle.owner, to: ServerHandle.self).loans.handOut(
                response, owner: handle.owner, in: function)
            return ZC_OK
        } catch {
            port.drop(response)
            return failed(error)
        }
    }
    return borrowed(request, as: ActiveRequestHandle.self, "request", in: function, body)
}

@c public func zc_active_request_drop(_ request: OpaquePointer?) -> zc_result {
    borrowed(request, as: ActiveRequestHandle.self, "request", in: "zc_active_request_drop") { handle in
        let (port, request) = (unsafeDowncast(handle.owner, to: ServerHandle.self).port, handle.ticket)
        handle.end()
        port.drop(request)
        return ZC_OK
    }
}

@c public func zc_response_mut_payload(
    _ response: OpaquePointer?, _ payload: UnsafeMutablePointer<UnsafeMutableRawPointer?>?,
    _ count: UnsafeMutablePointer<UInt64>?
) -> zc_result {
    let function = "zc_response_mut_payload"
    return borrowed(response, as: ResponseLoanHandle.self, "response", in: function) { loan in
        storePayload(loan.ticket.view, payload, count, in: function) { $0 }
    }
}

@c public func zc_response_mut_user_header(
    _ response: OpaquePointer?, _ header: UnsafeMutablePointer<UnsafeMutableRawPointer?>?
) -> zc_result {
    exported { () throws(Failure) in
        let function = "zc_response_mut_user_header"
        let loan = try LiveHandles.resolve(response, as: ResponseLoanHandle.self, "response", in: function)
        try storeUserHeader(loan.ticket.view, header, in: function) { $0 }
    }
}

@c public func zc_response_mut_send(_ response: OpaquePointer?) -> zc_result {
    borrowed(response, as: ResponseLoanHandle.self, "response", in: "zc_response_mut_send") { loan in
        let (port, response) = (unsafeDowncast(loan.owner, to: ServerHandle.self).port, loan.ticket)
        loan.end()
        do throws(SendError) { try port.send(response) } catch { return failed(error) }
        return ZC_OK
    }
}

@c public func zc_response_mut_drop(_ response: OpaquePointer?) -> zc_result {
    borrowed(response, as: ResponseLoanHandle.self, "response", in: "zc_response_mut_drop") { loan in
        let (port, response) = (unsafeDowncast(loan.owner, to: ServerHandle.self).port, loan.ticket)
        loan.end()
        port.drop(response)
        return ZC_OK
    }
}
