/// The default limits of a publish-subscribe service (iceoryx2's numbers); each has a builder call and a config key
/// in `[defaults.publish-subscribe]`.
public struct PublishSubscribeDefaults: Sendable, Equatable {
    /// Publishers connected at the same time (`max-publishers`).
    public var maxPublishers = 2
    /// Subscribers connected at the same time (`max-subscribers`).
    public var maxSubscribers = 8
    /// Nodes that may open the service at the same time (`max-nodes`).
    public var maxNodes = 20
    /// Samples a subscriber that connects late receives from each publisher (`history-size`).
    public var historySize = 0
    /// The most samples a subscriber's buffer holds per publisher (`subscriber-max-buffer-size`).
    public var subscriberMaxBufferSize = 2
    /// Received samples a subscriber may hold at once (`subscriber-max-borrowed-samples`).
    public var subscriberMaxBorrowedSamples = 2
    /// Sample loans a publisher may hold at once (`publisher-max-loaned-samples`; a publisher builder setting).
    public var publisherMaxLoanedSamples = 2
    /// Whether a full subscriber buffer drops its oldest sample to take a new one (`enable-safe-overflow`).
    public var enableSafeOverflow = true
    /// What a publisher does when a subscriber's buffer is full and safe overflow is off
    /// (`unable-to-deliver-strategy`: `"block"` or `"discard-data"`; a publisher builder setting).
    public var unableToDeliverStrategy: UnableToDeliverStrategy = .block

    /// The built-in defaults.
    public init() {}
}
