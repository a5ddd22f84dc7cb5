/// What a publish-subscribe service fixes when it is created and every opener must agree with.
public struct PublishSubscribeStaticConfig: Sendable, Equatable {
    /// The service's name.
    public var name: String
    /// The payload of every sample.
    public var payload: PayloadDescriptor
    /// The user header of every sample, if the service has one.
    public var userHeader: PayloadDescriptor?
    /// The limits and behaviours the creator chose (the publisher-side defaults in it are not part of the service).
    public var limits: PublishSubscribeDefaults
    /// The attributes the creator defined.
    public var attributes: [Attribute]
}

extension PublishSubscribeStaticConfig: PatternStaticConfig {
    static var pattern: MessagingPattern { .publishSubscribe }

    var portTables: PortTables {
        PortTables(nodes: limits.maxNodes, first: limits.maxPublishers, second: limits.maxSubscribers)
    }

    var settingLines: [String] {
        var lines = StaticConfigFields.payloadLines("payload", payload)
        if let userHeader { lines += StaticConfigFields.payloadLines("user-header", userHeader) }
        let l = limits
        return lines + [
            "max-publishers=\(l.maxPublishers)", "max-subscribers=\(l.maxSubscribers)", "max-nodes=\(l.maxNodes)",
            "history-size=\(l.historySize)", "subscriber-max-buffer-size=\(l.subscriberMaxBufferSize)",
            "subscriber-max-borrowed-samples=\(l.subscriberMaxBorrowedSamples)",
            "enable-safe-overflow=\(l.enableSafeOverflow)",
        ]
    }

    init?(_ fields: StaticConfigFields) {
        guard fields.pattern == .publishSubscribe else { return nil }
        var limits = PublishSubscribeDefaults()
        limits.maxPublishers = fields.int("max-publishers")
        limits.maxSubscribers = fields.int("max-subscribers")
        limits.maxNodes = fields.int("max-nodes")
        limits.historySize = fields.int("history-size")
        limits.subscriberMaxBufferSize = fields.int("subscriber-max-buffer-size")
        limits.subscriberMaxBorrowedSamples = fields.int("subscriber-max-borrowed-samples")
        limits.enableSafeOverflow = fields.bool("enable-safe-overflow")
        self.init(
            name: fields.name, payload: fields.payload("payload"), userHeader: fields.optionalPayload("user-header"),
            limits: limits, attributes: fields.attributes)
    }
}
