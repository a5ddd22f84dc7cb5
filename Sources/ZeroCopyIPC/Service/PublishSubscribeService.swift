/// An open publish-subscribe service: builds publishers and subscribers, and describes the service.
///
/// Keeping it alive keeps this node registered in the service; the service disappears when no node uses it.
public final class PublishSubscribeService<Payload: ServicePayload> {
    let handle: PublishSubscribeHandle

    /// Whether this handle created the service (`create()`, or the winning `openOrCreate()`).
    public let isCreator: Bool

    init(handle: PublishSubscribeHandle, isCreator: Bool) {
        self.handle = handle
        self.isCreator = isCreator
    }

    /// The service's name.
    public var name: String { handle.name.value }
    /// What the creator fixed: payload type, user header, limits, attributes.
    public var staticConfig: PublishSubscribeStaticConfig { handle.config }
    /// The creator's attributes.
    public var attributes: [Attribute] { handle.config.attributes }
    /// The number of nodes that have the service open now (a node counts once, however many handles it holds).
    public var numberOfNodes: Int { handle.segment.numberOfNodes }
    /// The number of publishers connected now.
    public var numberOfPublishers: Int { handle.segment.numberOfFirstPorts }
    /// The number of subscribers connected now.
    public var numberOfSubscribers: Int { handle.segment.numberOfSecondPorts }

    /// Starts building a publisher.
    public func publisherBuilder() -> PublisherBuilder<Payload> { PublisherBuilder(service: handle) }
    /// Starts building a subscriber.
    public func subscriberBuilder() -> SubscriberBuilder<Payload> { SubscriberBuilder(service: handle) }
}
