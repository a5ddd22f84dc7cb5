/// Options and terminal calls for an event service.
///
/// Unset options take the config's defaults when creating (`[defaults.event]`); when opening, every option that
/// was set must fit the existing service: a limit at most the service's, the same deadline and the same automatic
/// event ids (a mismatch is a typed error). A zero limit is raised to 1.
public struct EventBuilder: Sendable {
    let node: NodeState
    let name: ServiceName
    private var requested = Requested()

    /// A requested setting that may also be requested as "none": `.some(nil)` disables it.
    struct Requested: Sendable {
        var maxNotifiers: Int?, maxListeners: Int?, maxNodes: Int?, eventIdMaxValue: Int?
        var deadline: Duration??
        var created: EventId??, dropped: EventId??, dead: EventId??
    }

    init(node: NodeState, name: ServiceName) {
        self.node = node
        self.name = name
    }

    private func with(_ change: (inout Requested) -> Void) -> Self {
        var copy = self
        change(&copy.requested)
        return copy
    }

    /// Notifiers connected at the same time (default 16, config `max-notifiers`).
    public func maxNotifiers(_ value: Int) -> Self { with { $0.maxNotifiers = max(1, value) } }
    /// Listeners connected at the same time (default 16, config `max-listeners`).
    public func maxListeners(_ value: Int) -> Self { with { $0.maxListeners = max(1, value) } }
    /// Nodes that may open the service at the same time (default 36, config `max-nodes`).
    public func maxNodes(_ value: Int) -> Self { with { $0.maxNodes = max(1, value) } }
    /// The largest event id notifiers may send (default 255, config `event-id-max-value`): 0 to
    /// ``EventDefaults/largestEventIdMaxValue`` (4095); ``create()`` refuses another value with
    /// ``ServiceCreateError/invalidEventIdMaxValue(service:requested:supported:)``. An opener succeeds when the value
    /// it asks for is at most the service's.
    public func eventIdMaxValue(_ value: Int) -> Self { with { $0.eventIdMaxValue = value } }
    /// Requires a notification at least every `deadline`: a notify that comes later still delivers but throws
    /// ``NotifierNotifyError/missedDeadline(service:deadline:elapsed:)``, and a ``WaitSet`` deadline attachment
    /// reports the listener's missed deadline (config `deadline-ms`; default none).
    public func deadline(_ deadline: Duration) -> Self { with { $0.deadline = .some(deadline) } }
    /// Creates the service without a deadline; an opener that calls it requires that the service has none.
    public func disableDeadline() -> Self { with { $0.deadline = .some(nil) } }
    /// The event id every listener gets when a notifier is created (config `notifier-created-event`).
    public func notifierCreatedEvent(_ id: EventId) -> Self { with { $0.created = .some(id) } }
    /// No event when a notifier is created.
    public func disableNotifierCreatedEvent() -> Self { with { $0.created = .some(nil) } }
    /// The event id every listener gets when a notifier is dropped (config `notifier-dropped-event`).
    public func notifierDroppedEvent(_ id: EventId) -> Self { with { $0.dropped = .some(id) } }
    /// No event when a notifier is dropped.
    public func disableNotifierDroppedEvent() -> Self { with { $0.dropped = .some(nil) } }
    /// The event id every listener gets when dead-node cleanup removes a notifier whose process died (config
    /// `notifier-dead-event`).
    public func notifierDeadEvent(_ id: EventId) -> Self { with { $0.dead = .some(id) } }
    /// No event when a notifier's process died.
    public func disableNotifierDeadEvent() -> Self { with { $0.dead = .some(nil) } }

    /// The settings a new service gets: the config's defaults with this builder's values applied.
    var resolvedSettings: EventDefaults {
        var s = node.config.event
        let r = requested
        s.maxNotifiers = max(1, r.maxNotifiers ?? s.maxNotifiers)
        s.maxListeners = max(1, r.maxListeners ?? s.maxListeners)
        s.maxNodes = max(1, r.maxNodes ?? s.maxNodes)
        s.eventIdMaxValue = r.eventIdMaxValue ?? s.eventIdMaxValue
        if let deadline = r.deadline { s.deadline = deadline }
        if let id = r.created { s.notifierCreatedEvent = id }
        if let id = r.dropped { s.notifierDroppedEvent = id }
        if let id = r.dead { s.notifierDeadEvent = id }
        return s
    }

    /// Creates the service; fails if it exists.
    /// - Returns: The service, from which notifiers and listeners are built.
    /// - Throws: ``ServiceCreateError``: `invalidEventIdMaxValue` for an `eventIdMaxValue` outside 0...4095,
    ///   `invalidEventId` for an automatic event id above it.
    public func create() throws(ServiceCreateError) -> EventService {
        try createWithAttributes(AttributeSpecifier())
    }

    /// Creates the service with attributes that openers can verify.
    /// - Parameter attributes: The attributes.
    /// - Returns: The service.
    /// - Throws: ``ServiceCreateError``.
    public func createWithAttributes(_ attributes: AttributeSpecifier) throws(ServiceCreateError) -> EventService {
        let settings = resolvedSettings
        let supported = 0...EventDefaults.largestEventIdMaxValue
        guard supported.contains(settings.eventIdMaxValue) else {
            throw .invalidEventIdMaxValue(
                service: name.value, requested: settings.eventIdMaxValue, supported: supported)
        }
        for (what, id) in [
            ("notifier created", settings.notifierCreatedEvent), ("notifier dropped", settings.notifierDroppedEvent),
            ("notifier dead", settings.notifierDeadEvent),
        ] {
            if let id, id.value < 0 || id.value > settings.eventIdMaxValue {
                throw .invalidEventId(
                    service: name.value, event: what, id: id.value, eventIdMaxValue: settings.eventIdMaxValue)
            }
        }
        DeadNodeCleanup.run(names: node.names)
        let config = EventStaticConfig(name: name.value, settings: settings, attributes: attributes.attributes)
        let handle = try ServiceHandle.create(node: node, name: name, config: config)
        EventArea(segment: handle.segment, eventIdMaxValue: settings.eventIdMaxValue).lastNotification.pointee.store(
            EventArea.now(), ordering: .sequentiallyConsistent)
        return EventService(handle: handle, isCreator: true)
    }

    /// Opens an existing service; fails if it does not exist or differs.
    /// - Returns: The service.
    /// - Throws: ``ServiceOpenError``.
    public func open() throws(ServiceOpenError) -> EventService { try openWithAttributes(AttributeVerifier()) }

    /// Opens an existing service whose attributes satisfy `verifier`.
    /// - Parameter verifier: The required attributes.
    /// - Returns: The service.
    /// - Throws: ``ServiceOpenError``.
    public func openWithAttributes(_ verifier: AttributeVerifier) throws(ServiceOpenError) -> EventService {
        DeadNodeCleanup.run(names: node.names)
        let handle = try EventHandle.open(node: node, name: name) { (existing) throws(ServiceOpenError) in
            try verify(existing, verifier)
        }
        return EventService(handle: handle, isCreator: false)
    }

    /// Opens the service, or creates it when it does not exist. When many processes race, exactly one creates.
    /// - Returns: The service.
    /// - Throws: ``ServiceOpenOrCreateError``.
    public func openOrCreate() throws(ServiceOpenOrCreateError) -> EventService {
        try ServiceBuilderSupport.openOrCreate(name: name, open: open, create: create)
    }

    /// Opens the service with `verifier`'s attributes, or creates it with `attributes` when it does not exist.
    /// - Returns: The service.
    /// - Throws: ``ServiceOpenOrCreateError``.
    public func openOrCreateWithAttributes(
        _ attributes: AttributeSpecifier, verifier: AttributeVerifier = AttributeVerifier()
    ) throws(ServiceOpenOrCreateError) -> EventService {
        try ServiceBuilderSupport.openOrCreate(
            name: name, open: { () throws(ServiceOpenError) in try openWithAttributes(verifier) },
            create: { () throws(ServiceCreateError) in try createWithAttributes(attributes) })
    }

    private func verify(_ existing: EventStaticConfig, _ verifier: AttributeVerifier) throws(ServiceOpenError) {
        let service = name.value
        let s = existing.settings
        let r = requested
        try ServiceBuilderSupport.verify(
            amounts: [
                ("notifiers", r.maxNotifiers, s.maxNotifiers), ("listeners", r.maxListeners, s.maxListeners),
                ("nodes", r.maxNodes, s.maxNodes), ("as largest event id", r.eventIdMaxValue, s.eventIdMaxValue),
            ], service: service)
        func describe<T>(_ value: T?) -> String { value.map { "\($0)" } ?? "none" }
        if let deadline = r.deadline, deadline != s.deadline {
            throw .incompatibleSetting(
                service: service, setting: "deadline", requested: describe(deadline), actual: describe(s.deadline))
        }
        for (setting, wanted, actual) in [
            ("notifier created event", r.created, s.notifierCreatedEvent),
            ("notifier dropped event", r.dropped, s.notifierDroppedEvent),
            ("notifier dead event", r.dead, s.notifierDeadEvent),
        ] {
            if let wanted, wanted != actual {
                throw .incompatibleSetting(
                    service: service, setting: setting, requested: describe(wanted), actual: describe(actual))
            }
        }
        if let violation = verifier.violation(in: existing.attributes) {
            throw .incompatibleAttributes(service: service, reason: violation)
        }
    }
}
