/// What an event service fixes when it is created and every opener must agree with.
public struct EventStaticConfig: Sendable, Equatable {
    /// The service's name.
    public var name: String
    /// The limits, the deadline and the automatic event ids the creator chose.
    public var settings: EventDefaults
    /// The attributes the creator defined.
    public var attributes: [Attribute]
}

extension EventStaticConfig: PatternStaticConfig {
    static var pattern: MessagingPattern { .event }

    var portTables: PortTables {
        PortTables(
            nodes: settings.maxNodes, first: settings.maxNotifiers, second: settings.maxListeners,
            patternAreaSize: EventArea.size(listeners: settings.maxListeners, eventIdMaxValue: settings.eventIdMaxValue))
    }

    var settingLines: [String] {
        let s = settings
        var lines = [
            "max-notifiers=\(s.maxNotifiers)", "max-listeners=\(s.maxListeners)", "max-nodes=\(s.maxNodes)",
            "event-id-max-value=\(s.eventIdMaxValue)",
        ]
        if let deadline = s.deadline { lines.append("deadline-ns=\(EventArea.nanoseconds(deadline))") }
        if let id = s.notifierCreatedEvent { lines.append("notifier-created-event=\(id.value)") }
        if let id = s.notifierDroppedEvent { lines.append("notifier-dropped-event=\(id.value)") }
        if let id = s.notifierDeadEvent { lines.append("notifier-dead-event=\(id.value)") }
        return lines
    }

    /// Reads ``settingLines``; `nil` when the fields are of another pattern or out of range.
    init?(_ fields: StaticConfigFields) {
        guard fields.pattern == .event else { return nil }
        var s = EventDefaults()
        s.maxNotifiers = fields.int("max-notifiers")
        s.maxListeners = fields.int("max-listeners")
        s.maxNodes = fields.int("max-nodes")
        s.eventIdMaxValue = fields.int("event-id-max-value")
        guard s.maxNotifiers >= 1, s.maxListeners >= 1, s.maxNodes >= 1,
            (0...EventDefaults.largestEventIdMaxValue).contains(s.eventIdMaxValue)
        else { return nil }
        s.deadline = fields.has("deadline-ns") ? .nanoseconds(fields.int("deadline-ns")) : nil
        func id(_ key: String) -> EventId? { fields.has(key) ? EventId(fields.int(key)) : nil }
        s.notifierCreatedEvent = id("notifier-created-event")
        s.notifierDroppedEvent = id("notifier-dropped-event")
        s.notifierDeadEvent = id("notifier-dead-event")
        self.init(name: fields.name, settings: s, attributes: fields.attributes)
    }
}
