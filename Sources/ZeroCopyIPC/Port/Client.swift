import Glibc

/// Sends requests to every connected server and receives their responses through ``PendingResponse``.
///
/// ```swift
/// let client = try service.clientBuilder().create()
/// let request = try client.loan()
/// request.payload.x = 42
/// let pending = try request.send()
/// while let response = try pending.receive() { print(response.payload) }
/// ```
/// A client and the messages it hands out are used from one thread at a time. It stays registered until it and every
/// message it handed out are gone. Responses a server sent before it left can still be received, until another
/// server takes its place.
public final class Client<RequestPayload: ServicePayload, ResponsePayload: ServicePayload> {
    @usableFromInline let core: ClientCore

    init(core: ClientCore) { self.core = core }

    deinit { core.portDropped() }

    /// The client's unique port id (``RequestHeader/clientId``).
    public var id: UInt64 { core.port }
    /// The longest slice a loan gets without growing.
    public var currentMaxSliceLen: Int { core.sender.memory.currentCapacity }
    /// The number of data segments the client owns now (grows with `.bestFit`/`.powerOfTwo`, shrinks as old
    /// segments are released).
    public var numberOfDataSegments: Int { core.sender.memory.segmentCount }

    /// The client's connections and active requests, for diagnostics.
    public var debugDescription: String { core.stateDescription }

    // Inlinable, like the public entry points below, so that callers specialise them: unspecialised generic code
    // looks up the message types' metadata on every call.
    @inlinable @inline(__always)
    func makeLoan(count: Int, zeroed: Bool) throws(LoanError) -> RequestMut<RequestPayload, ResponsePayload> {
        let (ref, chunk, payload) = try core.loan(count: count)
        if zeroed { core.zeroPayload(payload, count: count) }
        let bytes = core.requestLayout.bytes(chunk: chunk, payload: payload, count: count)
        return .init(loan: Loan(handle: .passUnretained(core), ticket: LoanTicket(ref: ref), bytes: bytes))
    }
}

extension Client where RequestPayload: ZeroCopySend {
    /// Loans a request whose payload is all zero bytes.
    /// - Returns: The request, to fill in place and send.
    /// - Throws: ``LoanError/exceedsMaxLoans(limit:)`` when `maxLoanedRequests` loans are out.
    @inlinable @inline(__always)
    public func loan() throws(LoanError) -> RequestMut<RequestPayload, ResponsePayload> {
        try makeLoan(count: 1, zeroed: true)
    }

    /// Loans a request without initialising its payload; write it with ``RequestMutUninit/write(_:)``.
    /// - Returns: The uninitialised request.
    /// - Throws: ``LoanError``.
    @inlinable @inline(__always)
    public func loanUninit() throws(LoanError) -> RequestMutUninit<RequestPayload, ResponsePayload> {
        RequestMutUninit(try makeLoan(count: 1, zeroed: false))
    }

    /// Copies `value` into a new request and sends it.
    /// - Parameter value: The payload.
    /// - Returns: The pending response.
    /// - Throws: ``SendError``.
    @inlinable @inline(__always)
    public func sendCopy(_ value: RequestPayload) throws(SendError) -> PendingResponse<RequestPayload, ResponsePayload>
    {
        let request: RequestMutUninit<RequestPayload, ResponsePayload>
        do { request = try loanUninit() } catch { throw .loanFailed(error) }
        return try request.write(value).send()
    }
}

extension Client where RequestPayload: SlicePayload {
    /// Loans a request of `count` zeroed elements, growing memory per the allocation strategy.
    /// - Parameter count: The number of elements.
    /// - Returns: The request.
    /// - Throws: ``LoanError``, for example `exceedsMaxLoanSize` with `.static`.
    @inlinable @inline(__always)
    public func loanSlice(_ count: Int) throws(LoanError) -> RequestMut<RequestPayload, ResponsePayload> {
        try makeLoan(count: count, zeroed: true)
    }

    /// Loans a request of `count` uninitialised elements.
    /// - Parameter count: The number of elements.
    /// - Returns: The uninitialised request.
    /// - Throws: ``LoanError``.
    @inlinable @inline(__always)
    public func loanSliceUninit(_ count: Int) throws(LoanError) -> RequestMutUninit<RequestPayload, ResponsePayload> {
        RequestMutUninit(try makeLoan(count: count, zeroed: false))
    }

    /// Copies `elements` into a new request and sends it.
    /// - Parameter elements: The payload elements.
    /// - Returns: The pending response.
    /// - Throws: ``SendError``.
    @inlinable @inline(__always)
    public func sendCopy(
        _ elements: [RequestPayload.PayloadElement]
    ) throws(SendError) -> PendingResponse<RequestPayload, ResponsePayload> {
        let request: RequestMutUninit<RequestPayload, ResponsePayload>
        do { request = try loanSliceUninit(elements.count) } catch { throw .loanFailed(error) }
        return try request.write(from: elements).send()
    }
}
