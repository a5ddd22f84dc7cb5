// Untyped, non-generic entry points of the publish-subscribe ports, for the C API (see RawRequestResponse.swift):
// each call does what the typed message's call of the same name does, on the same core functions.

extension Publisher {
    /// The publisher's core for the untyped calls; valid while the publisher or a loan it handed out is alive.
    package var rawPort: RawPublisherPort { RawPublisherPort(handle: .passUnretained(core)) }
}

extension Subscriber {
    /// The subscriber's core for the untyped calls; valid while the subscriber or a sample it handed out is alive.
    package var rawPort: RawSubscriberPort { RawSubscriberPort(handle: .passUnretained(core)) }
}

/// A loaned sample: what `SampleMut` holds. Give it to exactly one of ``RawPublisherPort/send(_:)`` or
/// ``RawPublisherPort/drop(_:)``.
package struct RawSampleLoan {
    let ref: UInt64
    let chunk: UnsafeMutableRawPointer
    /// The sample's payload and user header.
    package let view: RawMessageView
}

/// A publisher's untyped calls (see ``Publisher/rawPort``).
package struct RawPublisherPort {
    let handle: Unmanaged<PublisherCore>

    /// ``Publisher``'s `loanSlice`/`loanSliceUninit` (`loan` for a fixed payload, `count` 1).
    package func loan(count: Int, zeroed: Bool = true) throws(LoanError) -> RawSampleLoan {
        try handle.borrow { (core) throws(LoanError) in
            let (ref, chunk, payload) = try core.loan(count: count)
            if zeroed { core.zeroPayload(payload, count: count) }
            let bytes = core.layout.bytes(chunk: chunk, payload: payload, count: count)
            return RawSampleLoan(ref: ref, chunk: chunk, view: RawMessageView(bytes))
        }
    }

    /// `SampleMut.send()`.
    /// - Returns: The number of subscribers that received it.
    package func send(_ loan: RawSampleLoan) -> Int {
        let (ref, chunk) = (loan.ref, loan.chunk)
        defer { handle.endMessage { $0.messageEnded() } }
        return handle.borrow { $0.send(ref, chunk: chunk) }
    }

    /// Dropping an unsent `SampleMut`.
    package func drop(_ loan: RawSampleLoan) {
        let ticket = LoanTicket(ref: loan.ref)
        handle.endMessage { $0.dropLoan(ticket) }
    }
}

/// A received sample: what `Sample` holds. End it with ``RawSubscriberPort/drop(_:)``.
package struct RawSample {
    let received: SubscriberCore.Received
    /// The sample's payload and user header (read only).
    package let view: RawMessageView

    /// The sample's header.
    package var header: PublishHeader {
        PublishHeader(
            publisherId: received.publisherPort,
            sequenceNumber: UnsafeRawPointer(received.chunk).load(
                fromByteOffset: ChunkHeader.requestIdOffset, as: UInt64.self),
            numberOfElements: received.count)
    }
}

/// A subscriber's untyped calls (see ``Subscriber/rawPort``).
package struct RawSubscriberPort {
    let handle: Unmanaged<SubscriberCore>

    /// `Subscriber.receive()`.
    package func receive() throws(ReceiveError) -> RawSample? {
        try handle.borrow { (core) throws(ReceiveError) in
            guard let received = try core.receive() else { return nil }
            return RawSample(received: received, view: RawMessageView(core.bytes(of: received)))
        }
    }

    /// `Subscriber.receive(timeout:)`.
    package func receive(timeout: Duration) throws(ReceiveError) -> RawSample? {
        if let sample = try receive() { return sample }
        let core = handle.takeUnretainedValue()
        var taken: Result<SubscriberCore.Received, ReceiveError>?
        _ = core.wait(timeout: timeout) { core.take(into: &taken) }
        guard let taken else { return nil }
        let received = try taken.get()
        return RawSample(received: received, view: RawMessageView(core.bytes(of: received)))
    }

    /// Dropping a `Sample`.
    package func drop(_ sample: RawSample) {
        let received = sample.received
        handle.endMessage { $0.release(received) }
    }
}
