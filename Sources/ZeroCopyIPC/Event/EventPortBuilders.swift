/// Options for a new ``Notifier``.
public struct NotifierBuilder {
    let service: EventHandle
    private var eventId = EventId(0)

    init(service: EventHandle) { self.service = service }

    /// The id ``Notifier/notify()`` sends (default 0).
    /// - Parameter id: The id, from 0 to the service's `eventIdMaxValue`.
    /// - Returns: The builder.
    public func defaultEventId(_ id: EventId) -> Self {
        var copy = self
        copy.eventId = id
        return copy
    }

    /// Creates the notifier; listeners get the service's `notifierCreatedEvent`, if it has one.
    /// - Returns: The notifier.
    /// - Throws: ``PortCreateError/exceedsMaxSupportedNotifiers(service:limit:)`` when the service is full,
    ///   ``PortCreateError/invalidDefaultEventId(service:id:eventIdMaxValue:)`` for a default id above the
    ///   service's largest.
    public func create() throws(PortCreateError) -> Notifier {
        let maximum = service.config.settings.eventIdMaxValue
        guard eventId.value >= 0 && eventId.value <= maximum else {
            throw .invalidDefaultEventId(service: service.name.value, id: eventId.value, eventIdMaxValue: maximum)
        }
        return Notifier(core: try NotifierCore(service: service), defaultEventId: eventId)
    }
}

/// Options for a new ``Listener``.
public struct ListenerBuilder {
    let service: EventHandle

    init(service: EventHandle) { self.service = service }

    /// Creates the listener. It receives what notifiers send from now on.
    /// - Returns: The listener.
    /// - Throws: ``PortCreateError/exceedsMaxSupportedListeners(service:limit:)`` when the service is full.
    public func create() throws(PortCreateError) -> Listener { Listener(core: try ListenerCore(service: service)) }
}
