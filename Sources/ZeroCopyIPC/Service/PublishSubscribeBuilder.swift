/// Options and terminal calls for a publish-subscribe service.
///
/// Unset options take the config's defaults when creating (`[defaults.publish-subscribe]`); when opening, every
/// option that was set must be supported by the existing service (a higher limit or a different behaviour is
/// refused with a typed error). A zero limit is raised to 1 (the history may be 0).
public struct PublishSubscribeBuilder<Payload: ServicePayload>: Sendable {
    let node: NodeState
    let name: ServiceName
    var requested = Requested()

    struct Requested: Sendable {
        var maxPublishers: Int?, maxSubscribers: Int?, maxNodes: Int?, historySize: Int?
        var subscriberMaxBufferSize: Int?, subscriberMaxBorrowedSamples: Int?, safeOverflow: Bool?
        var userHeader: PayloadDescriptor?, headerLayout: TypeLayout?, alignment: Int?
        /// Payload details given at run time (the C API) instead of `Payload`'s.
        var runtimePayload: PayloadDescriptor?
    }

    init(node: NodeState, name: ServiceName) {
        self.node = node
        self.name = name
    }

    func with(_ change: (inout Requested) -> Void) -> Self {
        var copy = self
        change(&copy.requested)
        return copy
    }

    /// Publishers connected at the same time (default 2, config `max-publishers`).
    public func maxPublishers(_ value: Int) -> Self { with { $0.maxPublishers = max(1, value) } }
    /// Subscribers connected at the same time (default 8, config `max-subscribers`).
    public func maxSubscribers(_ value: Int) -> Self { with { $0.maxSubscribers = max(1, value) } }
    /// Nodes that may open the service at the same time (default 20, config `max-nodes`).
    public func maxNodes(_ value: Int) -> Self { with { $0.maxNodes = max(1, value) } }
    /// Samples a subscriber that connects late receives from each publisher (default 0, config `history-size`).
    public func historySize(_ value: Int) -> Self { with { $0.historySize = max(0, value) } }
    /// The largest buffer a subscriber may have, and the default one (default 2, `subscriber-max-buffer-size`).
    public func subscriberMaxBufferSize(_ value: Int) -> Self { with { $0.subscriberMaxBufferSize = max(1, value) } }
    /// Received samples a subscriber may hold at once (default 2, config `subscriber-max-borrowed-samples`).
    public func subscriberMaxBorrowedSamples(_ value: Int) -> Self {
        with { $0.subscriberMaxBorrowedSamples = max(1, value) }
    }
    /// Whether a full subscriber buffer drops its oldest sample to take a new one (default `true`); without it the
    /// publisher's ``UnableToDeliverStrategy`` decides.
    public func enableSafeOverflow(_ value: Bool) -> Self { with { $0.safeOverflow = value } }

    /// Gives every sample a user header of type `header`, written through ``SampleMut/userHeader(as:)`` and read
    /// through ``Sample/userHeader(as:)``. Part of the service's type: openers must name the same type.
    public func userHeader<Header: ZeroCopySend>(_ header: Header.Type) -> Self {
        with {
            $0.userHeader = Header.descriptor
            $0.headerLayout = Header.zeroCopyLayout
        }
    }

    /// Aligns every payload to at least `alignment` bytes (a power of two, at most 4096); the effective alignment
    /// is the larger of this and the payload type's own. An opener succeeds when the alignment it requires is at
    /// most the service's.
    public func payloadAlignment(_ alignment: Int) -> Self { with { $0.alignment = alignment } }

    private var payload: PayloadDescriptor {
        requested.runtimePayload?.aligned(to: requested.alignment) ?? Payload.descriptor(alignment: requested.alignment)
    }

    /// The limits a new service gets: the config's defaults with this builder's values applied.
    var resolvedLimits: PublishSubscribeDefaults {
        var limits = node.config.publishSubscribe
        let r = requested
        limits.maxPublishers = max(1, r.maxPublishers ?? limits.maxPublishers)
        limits.maxSubscribers = max(1, r.maxSubscribers ?? limits.maxSubscribers)
        limits.maxNodes = max(1, r.maxNodes ?? limits.maxNodes)
        limits.historySize = max(0, r.historySize ?? limits.historySize)
        limits.subscriberMaxBufferSize = max(1, r.subscriberMaxBufferSize ?? limits.subscriberMaxBufferSize)
        limits.subscriberMaxBorrowedSamples = max(
            1, r.subscriberMaxBorrowedSamples ?? limits.subscriberMaxBorrowedSamples)
        limits.enableSafeOverflow = r.safeOverflow ?? limits.enableSafeOverflow
        return limits
    }

    private func checkLayouts() -> (type: String, problems: [String])? {
        ServiceBuilderSupport.layoutProblem(
            alignments: [(Payload.PayloadElement.zeroCopyLayout.typeName, requested.alignment, "sample")],
            layouts: [Payload.PayloadElement.zeroCopyLayout] + (requested.headerLayout.map { [$0] } ?? []))
    }

    /// Creates the service; fails if it exists.
    /// - Returns: The service, from which publishers and subscribers are built.
    /// - Throws: ``ServiceCreateError``.
    public func create() throws(ServiceCreateError) -> PublishSubscribeService<Payload> {
        try createWithAttributes(AttributeSpecifier())
    }

    /// Creates the service with attributes that openers can verify.
    /// - Parameter attributes: The attributes.
    /// - Returns: The service.
    /// - Throws: ``ServiceCreateError``.
    public func createWithAttributes(
        _ attributes: AttributeSpecifier
    ) throws(ServiceCreateError) -> PublishSubscribeService<Payload> {
        if let bad = checkLayouts() { throw .invalidPayloadLayout(type: bad.type, problems: bad.problems) }
        DeadNodeCleanup.run(names: node.names)
        let config = PublishSubscribeStaticConfig(
            name: name.value, payload: payload, userHeader: requested.userHeader, limits: resolvedLimits,
            attributes: attributes.attributes)
        return PublishSubscribeService(
            handle: try ServiceHandle.create(node: node, name: name, config: config), isCreator: true)
    }

    /// Opens an existing service; fails if it does not exist or differs.
    /// - Returns: The service.
    /// - Throws: ``ServiceOpenError``, for example `incompatibleTypes` naming what differs.
    public func open() throws(ServiceOpenError) -> PublishSubscribeService<Payload> {
        try openWithAttributes(AttributeVerifier())
    }

    /// Opens an existing service whose attributes satisfy `verifier`.
    /// - Parameter verifier: The required attributes.
    /// - Returns: The service.
    /// - Throws: ``ServiceOpenError``.
    public func openWithAttributes(
        _ verifier: AttributeVerifier
    ) throws(ServiceOpenError) -> PublishSubscribeService<Payload> {
        if let bad = checkLayouts() { throw .invalidPayloadLayout(type: bad.type, problems: bad.problems) }
        DeadNodeCleanup.run(names: node.names)
        let handle = try PublishSubscribeHandle.open(node: node, name: name) { (existing) throws(ServiceOpenError) in
            try verify(existing, verifier)
        }
        return PublishSubscribeService(handle: handle, isCreator: false)
    }

    /// Opens the service, or creates it when it does not exist. When many processes race, exactly one creates.
    /// - Returns: The service.
    /// - Throws: ``ServiceOpenOrCreateError``.
    public func openOrCreate() throws(ServiceOpenOrCreateError) -> PublishSubscribeService<Payload> {
        try ServiceBuilderSupport.openOrCreate(name: name, open: open, create: create)
    }

    private func verify(
        _ existing: PublishSubscribeStaticConfig, _ verifier: AttributeVerifier
    ) throws(ServiceOpenError) {
        let service = name.value
        try ServiceBuilderSupport.verify("sample", required: payload, existing: existing.payload, service: service)
        try ServiceBuilderSupport.verify(
            "user header", required: requested.userHeader, existing: existing.userHeader, service: service)
        let l = existing.limits
        let r = requested
        try ServiceBuilderSupport.verify(
            amounts: [
                ("publishers", r.maxPublishers, l.maxPublishers), ("subscribers", r.maxSubscribers, l.maxSubscribers),
                ("nodes", r.maxNodes, l.maxNodes), ("history size", r.historySize, l.historySize),
                ("subscriber buffer size", r.subscriberMaxBufferSize, l.subscriberMaxBufferSize),
                ("borrowed samples per subscriber", r.subscriberMaxBorrowedSamples, l.subscriberMaxBorrowedSamples),
            ], service: service)
        try ServiceBuilderSupport.verify(
            behaviours: [("safe overflow", r.safeOverflow, l.enableSafeOverflow)], service: service)
        if let violation = verifier.violation(in: existing.attributes) {
            throw .incompatibleAttributes(service: service, reason: violation)
        }
    }
}
