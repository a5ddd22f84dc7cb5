// Untyped access to loans and received messages, for callers that know a payload only by the details recorded in
// the service (the C API). Each accessor reads what the typed `payload` and `userHeader(as:)` read; none copies.

/// Where a message's payload and user header are in shared memory.
@_spi(Untyped) @frozen
public struct RawMessageView {
    /// The first payload element.
    public var payload: UnsafeMutableRawPointer
    /// The number of payload elements (1 for a fixed payload).
    public var count: Int
    /// The size of one element in bytes.
    public var elementSize: Int
    /// The user header, `nil` when the service has none.
    public var userHeader: UnsafeMutableRawPointer?

    @inlinable @inline(__always)
    init(_ bytes: MessageBytes) {
        payload = bytes.payload
        count = bytes.count
        elementSize = bytes.elementSize
        userHeader = bytes.userHeader.size < 0 ? nil : bytes.chunk + bytes.userHeader.offset
    }
}

extension LoanedMessage where Self: ~Copyable {
    /// The message's payload and user header.
    package var raw: RawMessageView { RawMessageView(messageBytes) }
}

extension ReceivedMessage where Self: ~Copyable {
    /// The message's payload and user header (read only: its sender wrote them).
    package var raw: RawMessageView { RawMessageView(messageBytes) }
}

extension Client {
    /// Loans a request of `count` zeroed elements, whatever the payload's variant (a fixed payload holds one).
    /// - Parameters:
    ///   - count: The number of elements.
    ///   - zeroed: `false` leaves the memory as it is (the caller writes every byte).
    /// - Returns: The request.
    /// - Throws: ``LoanError``.
    package func loanRaw(count: Int, zeroed: Bool = true) throws(LoanError) -> RequestMut<RequestPayload, ResponsePayload> {
        try makeLoan(count: count, zeroed: zeroed)
    }
}

extension ActiveRequest {
    /// Loans a response of `count` zeroed elements, whatever the payload's variant.
    /// - Parameters:
    ///   - count: The number of elements.
    ///   - zeroed: `false` leaves the memory as it is (the caller writes every byte).
    /// - Returns: The response.
    /// - Throws: ``LoanError``.
    package func loanRaw(count: Int, zeroed: Bool = true) throws(LoanError) -> ResponseMut<ResponsePayload> {
        try makeLoan(count: count, zeroed: zeroed)
    }
}

extension Publisher {
    /// Loans a sample of `count` zeroed elements, whatever the payload's variant.
    /// - Parameters:
    ///   - count: The number of elements.
    ///   - zeroed: `false` leaves the memory as it is (the caller writes every byte).
    /// - Returns: The sample.
    /// - Throws: ``LoanError``.
    package func loanRaw(count: Int, zeroed: Bool = true) throws(LoanError) -> SampleMut<Payload> {
        try makeLoan(count: count, zeroed: zeroed)
    }
}

