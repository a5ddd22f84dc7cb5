// Untyped access to loans and received messages, for callers that know a payload only by the details recorded in
// the service (the C API). Each accessor reads what the typed `payload` and `userHeader(as:)` read; none copies.

/// Where a message's payload and user header are in shared memory.
package struct RawMessageView {
    /// The first payload element.
    package var payload: UnsafeMutableRawPointer
    /// The number of payload elements (1 for a fixed payload).
    package var count: Int
    /// The size of one element in bytes.
    package var elementSize: Int
    /// The user header, `nil` when the service has none.
    package var userHeader: UnsafeMutableRawPointer?

    init(chunk: UnsafeMutableRawPointer, payload: UnsafeMutableRawPointer, count: Int, layout: MessageLayout) {
        self.payload = payload
        self.count = count
        elementSize = layout.elementSize
        userHeader = layout.userHeader == nil ? nil : chunk + layout.userHeaderOffset
    }
}

extension Client {
    /// Loans a request of `count` zeroed elements, whatever the payload's variant (a fixed payload holds one).
    /// - Parameter count: The number of elements.
    /// - Returns: The request.
    /// - Throws: ``LoanError``.
    package func loanRaw(count: Int) throws(LoanError) -> RequestMut<RequestPayload, ResponsePayload> {
        try makeLoan(count: count, zeroed: true)
    }
}

extension RequestMut {
    /// The request's payload and user header.
    package var raw: RawMessageView {
        RawMessageView(chunk: chunk, payload: payloadStart, count: count, layout: core.requestLayout)
    }
}

extension ActiveRequest {
    /// The request's payload and user header (read only: the client wrote them).
    package var raw: RawMessageView {
        RawMessageView(chunk: request.chunk, payload: request.payload, count: request.count, layout: core.requestLayout)
    }

    /// Loans a response of `count` zeroed elements, whatever the payload's variant.
    /// - Parameter count: The number of elements.
    /// - Returns: The response.
    /// - Throws: ``LoanError``.
    package func loanRaw(count: Int) throws(LoanError) -> ResponseMut<ResponsePayload> {
        try makeLoan(count: count, zeroed: true)
    }
}

extension ResponseMut {
    /// The response's payload and user header.
    package var raw: RawMessageView {
        RawMessageView(chunk: chunk, payload: payloadStart, count: count, layout: core.responseLayout)
    }
}

extension Response {
    /// The response's payload and user header (read only: the server wrote them).
    package var raw: RawMessageView {
        RawMessageView(chunk: chunk, payload: state.received.payload, count: count, layout: core.responseLayout)
    }
}

extension Publisher {
    /// Loans a sample of `count` zeroed elements, whatever the payload's variant.
    /// - Parameter count: The number of elements.
    /// - Returns: The sample.
    /// - Throws: ``LoanError``.
    package func loanRaw(count: Int) throws(LoanError) -> SampleMut<Payload> {
        try makeLoan(count: count, zeroed: true)
    }
}

extension SampleMut {
    /// The sample's payload and user header.
    package var raw: RawMessageView {
        RawMessageView(chunk: chunk, payload: payloadStart, count: count, layout: core.layout)
    }
}

extension Sample {
    /// The sample's payload and user header (read only: the publisher wrote them).
    package var raw: RawMessageView {
        let received = state.received
        return RawMessageView(chunk: received.chunk, payload: received.payload, count: received.count, layout: core.layout)
    }
}
