/// Receives the samples that the publishers of a publish-subscribe service send.
///
/// ```swift
/// let subscriber = try service.subscriberBuilder().create()
/// while let sample = try subscriber.receive() { print(sample.payload) }
/// ```
/// A subscriber and the samples it hands out are used from one thread at a time. It stays registered until it and
/// every sample it handed out are gone.
public final class Subscriber<Payload: ServicePayload> {
    @usableFromInline let core: SubscriberCore

    init(core: SubscriberCore) { self.core = core }

    deinit { core.portDropped() }

    /// The subscriber's unique port id.
    public var id: UInt64 { core.port }
    /// The most samples its buffer holds per publisher.
    public var bufferSize: Int { core.bufferSize }
    /// The number of publishers it receives from now.
    public var numberOfPublishers: Int { core.numberOfConnectedPublishers }

    /// Takes the next sample, if any.
    /// - Returns: The sample, or `nil` when none is waiting.
    /// - Throws: ``ReceiveError/exceedsMaxBorrowedSamples(limit:)`` when the user holds as many samples as the
    ///   service allows and another one waits.
    @inlinable @inline(__always)
    public func receive() throws(ReceiveError) -> Sample<Payload>? {
        guard let received = try core.receive() else { return nil }
        return Sample(core: core, received: received)
    }

    /// Waits for the next sample without spinning: a short spin, then a futex that publishers wake only while this
    /// subscriber waits. An idle subscriber uses no CPU.
    /// - Parameter timeout: The longest wait.
    /// - Returns: The sample, or `nil` when the time passed.
    /// - Throws: ``ReceiveError``.
    public func receive(timeout: Duration) throws(ReceiveError) -> Sample<Payload>? {
        if let sample = try receive() { return sample }
        var taken: Result<SubscriberCore.Received, ReceiveError>?
        _ = core.wait(timeout: timeout) { core.take(into: &taken) }
        return try sample(from: taken)
    }

    /// Waits for the next sample without blocking a thread: for Swift concurrency, where ``receive(timeout:)``
    /// would hold a thread of the cooperative pool. Loop with
    /// `while let sample = try await subscriber.nextSample(timeout: …)`.
    /// - Parameter timeout: The longest wait.
    /// - Returns: The sample, or `nil` when the time passed or the task was cancelled.
    /// - Throws: ``ReceiveError``.
    nonisolated(nonsending) public func nextSample(timeout: Duration) async throws(ReceiveError) -> Sample<Payload>? {
        if let sample = try receive() { return sample }
        var taken: Result<SubscriberCore.Received, ReceiveError>?
        _ = await AsyncWaiting.wait(slot: core.slot, names: core.service.node.names, timeout: timeout) {
            core.take(into: &taken)
        }
        return try sample(from: taken)
    }

    /// Whether a sample is waiting.
    public var hasSamples: Bool { core.hasSamples() }

    func sample(from taken: Result<SubscriberCore.Received, ReceiveError>?) throws(ReceiveError) -> Sample<Payload>? {
        guard let taken else { return nil }
        return Sample(core: core, received: try taken.get())
    }
}
