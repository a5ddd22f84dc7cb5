import CZeroCopyIPC
@_spi(Untyped) import ZeroCopyIPC

// One call per message for callers whose every call costs (Python's ctypes: a few hundred nanoseconds each): loan,
// copy and send in one, and receive, copy and release in one. The zero-copy calls stay the way for large payloads.

/// Copies `count` elements of `view`'s size from `source` into the loan.
@inline(__always)
private func copy(_ source: UnsafeRawPointer, into view: RawMessageView) {
    view.payload.copyMemory(from: source, byteCount: view.count * view.elementSize)
}

/// Copies a received message's payload into `buffer` (room for `capacity` elements), refusing a short buffer.
@inline(__always)
private func copyOut(
    _ view: RawMessageView, into buffer: UnsafeMutableRawPointer?, capacity: UInt64,
    _ count: UnsafeMutablePointer<UInt64>?, what: String, in function: String
) throws(Failure) {
    guard UInt64(view.count) <= capacity else {
        throw Failure(
            ZC_ERROR_INVALID_ARGUMENT,
            "\(function): the \(what) holds \(view.count) elements, the buffer \(capacity); it was dropped uncopied: "
                + "pass a buffer for the longest \(what) the service can carry")
    }
    let bytes = view.count * view.elementSize
    if bytes > 0 {
        guard let buffer else { throw .null("buffer", in: function) }
        buffer.copyMemory(from: view.payload, byteCount: bytes)
    }
    count?.pointee = UInt64(view.count)
}

@c public func zc_client_send_copy(
    _ client: OpaquePointer?, _ payload: UnsafeRawPointer?, _ count: UInt64,
    _ out: UnsafeMutablePointer<OpaquePointer?>?
) -> zc_result {
    let function = "zc_client_send_copy"
    return exported(client, as: ClientHandle.self, "client", in: function) { (handle) throws(Failure) in
        let out = try require(out, "out", in: function)
        guard let payload else { throw .null("payload", in: function) }
        let count = try loanCount(count, in: function)
        let port = handle.port
        let request: RawRequestLoan
        do throws(LoanError) { request = try port.loan(count: count, zeroed: false) } catch { throw Failure(error) }
        copy(payload, into: request.view)
        let pending: RawPendingResponse
        do throws(SendError) { pending = try port.send(request) } catch { throw Failure(error) }
        do throws(Failure) {
            out.pointee = try handle.pendingResponses.handOut(pending, owner: handle, in: function)
        } catch {
            port.drop(pending)
            throw error
        }
    }
}

@c public func zc_pending_response_receive_copy(
    _ pending: OpaquePointer?, _ timeoutNanoseconds: UInt64, _ buffer: UnsafeMutableRawPointer?,
    _ capacity: UInt64, _ count: UnsafeMutablePointer<UInt64>?, _ received: UnsafeMutablePointer<Bool>?
) -> zc_result {
    let function = "zc_pending_response_receive_copy"
    return exported(pending, as: PendingResponseHandle.self, "pending", in: function) { (handle) throws(Failure) in
        let received = try require(received, "received", in: function)
        received.pointee = false
        count?.pointee = 0
        guard let response = try poll(handle, timeoutNanoseconds: timeoutNanoseconds) else { return }
        // Copied or refused, the response goes back at once.
        defer { unsafeDowncast(handle.owner, to: ClientHandle.self).port.drop(response) }
        try copyOut(response.view, into: buffer, capacity: capacity, count, what: "response", in: function)
        received.pointee = true
    }
}

@c public func zc_server_receive_copy(
    _ server: OpaquePointer?, _ timeoutNanoseconds: UInt64, _ buffer: UnsafeMutableRawPointer?,
    _ capacity: UInt64, _ count: UnsafeMutablePointer<UInt64>?, _ out: UnsafeMutablePointer<OpaquePointer?>?
) -> zc_result {
    let function = "zc_server_receive_copy"
    return exported(server, as: ServerHandle.self, "server", in: function) { (handle) throws(Failure) in
        let out = try require(out, "out", in: function)
        out.pointee = nil
        count?.pointee = 0
        let port = handle.port
        let next =
            timeoutNanoseconds == 0 ? port.receive() : port.receive(timeout: duration(nanoseconds: timeoutNanoseconds))
        guard let request = next else { return }
        do throws(Failure) {
            try copyOut(request.view, into: buffer, capacity: capacity, count, what: "request", in: function)
            out.pointee = try handle.requests.handOut(request, owner: handle, in: function)
        } catch {
            port.drop(request)
            throw error
        }
    }
}

@c public func zc_active_request_send_copy(_ request: OpaquePointer?, _ payload: UnsafeRawPointer?, _ count: UInt64)
    -> zc_result
{
    let function = "zc_active_request_send_copy"
    return exported(request, as: ActiveRequestHandle.self, "request", in: function) { (handle) throws(Failure) in
        guard let payload else { throw .null("payload", in: function) }
        let count = try loanCount(count, in: function)
        let port = unsafeDowncast(handle.owner, to: ServerHandle.self).port
        let response: RawResponseLoan
        do throws(LoanError) {
            response = try port.loan(for: handle.ticket, count: count, zeroed: false)
        } catch {
            throw Failure(error)
        }
        copy(payload, into: response.view)
        do throws(SendError) { try port.send(response) } catch { throw Failure(error) }
    }
}
