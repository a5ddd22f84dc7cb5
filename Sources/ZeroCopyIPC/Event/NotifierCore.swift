import IPCConcepts
import IPCPlatform
import Synchronization

/// The shared-memory side of a notifier: its slot in the notifier table and the service's event area.
final class NotifierCore {
    let service: EventHandle
    let port: UInt64
    let slotIndex: Int
    let settings: EventDefaults
    let area: EventArea
    let deadlineNanoseconds: UInt64?

    init(service: EventHandle) throws(PortCreateError) {
        self.service = service
        settings = service.config.settings
        area = EventArea(segment: service.segment, eventIdMaxValue: settings.eventIdMaxValue)
        deadlineNanoseconds = settings.deadline.map { UInt64(max(0, EventArea.nanoseconds($0))) }
        port = UniqueID.make()
        let segment = service.segment
        let claimed = segment.claimPortSlot(count: settings.maxNotifiers, node: service.node.id, segment.clientSlot)
        slotIndex = claimed ?? -1
        guard let claimed else {
            throw .exceedsMaxSupportedNotifiers(service: service.name.value, limit: settings.maxNotifiers)
        }
        segment.clientSlot(claimed).port.pointee.store(port, ordering: .sequentiallyConsistent)
        segment.announceChange()
        if let created = settings.notifierCreatedEvent { _ = deliver(created.value) }
    }

    deinit {
        guard slotIndex >= 0 else { return }
        if let dropped = settings.notifierDroppedEvent { _ = deliver(dropped.value) }
        service.segment.unregister(service.segment.clientSlot(slotIndex), port: port)
    }

    /// Sets `id` pending in every listener and wakes those that sleep.
    /// - Returns: The number of listeners reached.
    @inline(__always)
    func deliver(_ id: Int) -> Int {
        Self.deliver(id, segment: service.segment, area: area, listeners: settings.maxListeners)
    }

    /// Sets `id` pending in every listener of `segment` and wakes those that sleep: also used by dead-node cleanup.
    @inline(__always)
    static func deliver(_ id: Int, segment: ServiceSegment, area: EventArea, listeners: Int) -> Int {
        var reached = 0
        for index in 0..<listeners {
            let slot = segment.serverSlot(index)
            guard slot.port.pointee.load(ordering: .acquiring) != 0 else { continue }
            area.set(id, listener: index)
            slot.notify()
            reached += 1
        }
        return reached
    }

    /// Notifies `id`, then checks the deadline.
    @inline(__always)
    func notify(_ id: Int) throws(NotifierNotifyError) -> Int {
        guard id >= 0 && id <= settings.eventIdMaxValue else {
            throw .eventIdOutOfBounds(service: service.name.value, id: id, eventIdMaxValue: settings.eventIdMaxValue)
        }
        let reached = deliver(id)
        if let deadline = deadlineNanoseconds {
            let now = EventArea.now()
            let previous = area.lastNotification.pointee.exchange(now, ordering: .relaxed)
            let elapsed = now &- min(previous, now)
            if elapsed > deadline {
                throw .missedDeadline(
                    service: service.name.value, deadline: .nanoseconds(Int64(deadline)),
                    elapsed: .nanoseconds(Int64(elapsed)), reached: reached)
            }
        }
        return reached
    }
}
