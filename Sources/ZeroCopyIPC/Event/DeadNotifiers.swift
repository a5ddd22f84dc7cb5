import Synchronization

/// What dead-node cleanup does for the event pattern: listeners learn that a notifier's process died.
enum DeadNotifiers {
    /// The event id to send for the notifiers of `node` that `segment` still lists, or `nil` when the service is no
    /// event service, has no `notifierDeadEvent`, or `node` had no notifier there. Called before the slots are
    /// cleared.
    static func deadEvent(of node: UInt64, in segment: ServiceSegment) -> EventId? {
        guard let config = EventStaticConfig(StaticConfigFields(ServiceSegment.staticConfigText(base: segment.base))),
            let id = config.settings.notifierDeadEvent,
            (0..<segment.tables.first).contains(where: {
                let slot = segment.clientSlot($0)
                return slot.node.pointee.load(ordering: .acquiring) == node
                    && slot.port.pointee.load(ordering: .acquiring) != 0
            })
        else { return nil }
        return id
    }

    /// Sends `id` to every listener of `segment` (after the dead notifiers' slots were cleared).
    static func announce(_ id: EventId, in segment: ServiceSegment) {
        guard let config = EventStaticConfig(StaticConfigFields(ServiceSegment.staticConfigText(base: segment.base)))
        else { return }
        let area = EventArea(segment: segment, eventIdMaxValue: config.settings.eventIdMaxValue)
        _ = NotifierCore.deliver(id.value, segment: segment, area: area, listeners: config.settings.maxListeners)
    }
}
