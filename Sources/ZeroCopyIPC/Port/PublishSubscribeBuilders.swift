/// Options for a new ``Publisher``.
public struct PublisherBuilder<Payload: ServicePayload> {
    let service: PublishSubscribeHandle
    private var loans: Int
    private var unableToDeliver: UnableToDeliverStrategy
    private var sliceLength = 1
    private var strategy = AllocationStrategy.static

    init(service: PublishSubscribeHandle) {
        self.service = service
        loans = service.node.config.publishSubscribe.publisherMaxLoanedSamples
        unableToDeliver = service.node.config.publishSubscribe.unableToDeliverStrategy
    }

    /// Samples the publisher may hold loaned at once (default 2, config `publisher-max-loaned-samples`).
    public func maxLoanedSamples(_ value: Int) -> Self { with { $0.loans = max(1, value) } }

    /// What a send does when a subscriber's buffer is full and the service has no safe overflow (default
    /// `.block`, config `unable-to-deliver-strategy`): wait until it makes room, or skip it.
    public func unableToDeliverStrategy(_ value: UnableToDeliverStrategy) -> Self {
        with { $0.unableToDeliver = value }
    }

    /// The slice length the first data segment holds (slice payloads only; default 1).
    public func initialMaxSliceLen(_ value: Int) -> Self { with { $0.sliceLength = max(1, value) } }

    /// How sample memory grows when a loan needs a longer slice (default `.static`: it does not).
    public func allocationStrategy(_ value: AllocationStrategy) -> Self { with { $0.strategy = value } }

    /// Creates the publisher.
    /// - Returns: The publisher.
    /// - Throws: ``PortCreateError/exceedsMaxSupportedPublishers(service:limit:)`` when the service is full.
    public func create() throws(PortCreateError) -> Publisher<Payload> {
        Publisher(
            core: try PublisherCore(
                service: service, maxLoanedSamples: loans, unableToDeliver: unableToDeliver,
                initialMaxSliceLen: sliceLength, strategy: strategy))
    }
}

/// Options for a new ``Subscriber``.
public struct SubscriberBuilder<Payload: ServicePayload> {
    let service: PublishSubscribeHandle
    private var buffer: Int?

    init(service: PublishSubscribeHandle) { self.service = service }

    /// The most samples the subscriber buffers per publisher, at most the service's `subscriberMaxBufferSize`
    /// (the default).
    public func bufferSize(_ value: Int) -> Self { with { $0.buffer = max(1, value) } }

    /// Creates the subscriber.
    /// - Returns: The subscriber.
    /// - Throws: ``PortCreateError/exceedsMaxSupportedSubscribers(service:limit:)`` when the service is full,
    ///   ``PortCreateError/bufferSizeExceedsService(service:requested:supported:)`` for a too large buffer.
    public func create() throws(PortCreateError) -> Subscriber<Payload> {
        let supported = service.config.limits.subscriberMaxBufferSize
        let requested = buffer ?? supported
        guard requested <= supported else {
            throw .bufferSizeExceedsService(service: service.name.value, requested: requested, supported: supported)
        }
        return Subscriber(core: try SubscriberCore(service: service, bufferSize: requested))
    }
}
