/// Sends samples to every connected subscriber of a publish-subscribe service.
///
/// ```swift
/// let publisher = try service.publisherBuilder().create()
/// let sample = try publisher.loan()
/// sample.payload.x = 42
/// sample.send()
/// ```
/// A publisher and the samples it loans are used from one thread at a time. It stays registered until it and every
/// sample it loaned are gone; samples it sent stay receivable after it left.
public final class Publisher<Payload: ServicePayload> {
    @usableFromInline let core: PublisherCore

    init(core: PublisherCore) { self.core = core }

    deinit { core.portDropped() }

    /// The publisher's unique port id (``PublishHeader/publisherId`` of its samples).
    public var id: UInt64 { core.port }
    /// The longest slice a loan gets without growing.
    public var currentMaxSliceLen: Int { core.sender.memory.currentCapacity }
    /// The number of data segments the publisher owns now.
    public var numberOfDataSegments: Int { core.sender.memory.segmentCount }
    /// The number of subscribers that receive what it sends now.
    public var numberOfSubscribers: Int { core.numberOfConnectedSubscribers }

    /// Connects subscribers that came and hands them the history; loans and sends do this on their own.
    public func updateConnections() { core.updateConnections() }

    @inlinable @inline(__always)
    func makeLoan(count: Int, zeroed: Bool) throws(LoanError) -> SampleMut<Payload> {
        let (ref, chunk, payload) = try core.loan(count: count)
        if zeroed { core.zeroPayload(payload, count: count) }
        let bytes = core.layout.bytes(chunk: chunk, payload: payload, count: count)
        return .init(loan: Loan(handle: .passUnretained(core), ticket: LoanTicket(ref: ref), bytes: bytes))
    }
}

extension Publisher where Payload: ZeroCopySend {
    /// Loans a sample whose payload is all zero bytes.
    /// - Returns: The sample, to fill in place and send.
    /// - Throws: ``LoanError/exceedsMaxLoans(limit:)`` when `maxLoanedSamples` loans are out.
    @inlinable @inline(__always)
    public func loan() throws(LoanError) -> SampleMut<Payload> { try makeLoan(count: 1, zeroed: true) }

    /// Loans a sample without initialising its payload; write it with ``SampleMutUninit/write(_:)``.
    /// - Returns: The uninitialised sample.
    /// - Throws: ``LoanError``.
    @inlinable @inline(__always)
    public func loanUninit() throws(LoanError) -> SampleMutUninit<Payload> {
        SampleMutUninit(try makeLoan(count: 1, zeroed: false))
    }

    /// Copies `value` into a new sample and sends it.
    /// - Parameter value: The payload.
    /// - Returns: The number of subscribers it reached.
    /// - Throws: ``LoanError``.
    @inlinable @inline(__always)
    @discardableResult
    public func sendCopy(_ value: Payload) throws(LoanError) -> Int { try loanUninit().write(value).send() }
}

extension Publisher where Payload: SlicePayload {
    /// Loans a sample of `count` zeroed elements, growing memory per the allocation strategy.
    /// - Parameter count: The number of elements.
    /// - Returns: The sample.
    /// - Throws: ``LoanError``, for example `exceedsMaxLoanSize` with `.static`.
    @inlinable @inline(__always)
    public func loanSlice(_ count: Int) throws(LoanError) -> SampleMut<Payload> {
        try makeLoan(count: count, zeroed: true)
    }

    /// Loans a sample of `count` uninitialised elements.
    /// - Parameter count: The number of elements.
    /// - Returns: The uninitialised sample.
    /// - Throws: ``LoanError``.
    @inlinable @inline(__always)
    public func loanSliceUninit(_ count: Int) throws(LoanError) -> SampleMutUninit<Payload> {
        SampleMutUninit(try makeLoan(count: count, zeroed: false))
    }

    /// Copies `elements` into a new sample and sends it.
    /// - Parameter elements: The payload elements.
    /// - Returns: The number of subscribers it reached.
    /// - Throws: ``LoanError``.
    @inlinable @inline(__always)
    @discardableResult
    public func sendCopy(_ elements: [Payload.PayloadElement]) throws(LoanError) -> Int {
        try loanSliceUninit(elements.count).write(from: elements).send()
    }
}
