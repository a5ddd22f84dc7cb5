import IPCConcepts
import IPCPlatform
import Synchronization

/// The shared-memory side of a listener: its slot in the listener table (whose futex word notifiers wake) and its
/// pending bits in the service's event area.
final class ListenerCore {
    let service: EventHandle
    let port: UInt64
    let slotIndex: Int
    let area: EventArea

    init(service: EventHandle) throws(PortCreateError) {
        self.service = service
        let settings = service.config.settings
        area = EventArea(segment: service.segment, eventIdMaxValue: settings.eventIdMaxValue)
        port = UniqueID.make()
        let segment = service.segment
        let claimed = segment.claimPortSlot(count: settings.maxListeners, node: service.node.id, segment.serverSlot)
        slotIndex = claimed ?? -1
        guard let claimed else {
            throw .exceedsMaxSupportedListeners(service: service.name.value, limit: settings.maxListeners)
        }
        // What a previous listener of this slot left pending is not ours; clear it before notifiers see the port.
        area.clear(listener: claimed)
        segment.serverSlot(claimed).port.pointee.store(port, ordering: .sequentiallyConsistent)
        segment.announceChange()
    }

    deinit {
        if slotIndex >= 0 { service.segment.unregister(service.segment.serverSlot(slotIndex), port: port) }
    }

    var slot: PortSlot { service.segment.serverSlot(slotIndex) }
    var names: Names { service.node.names }

    @inline(__always) func hasPending() -> Bool { area.hasPending(listener: slotIndex) }
    @inline(__always) func takeAll(_ body: (EventId) -> Void) { area.takeAll(listener: slotIndex, body) }
    @inline(__always) func takeOne() -> EventId? { area.takeOne(listener: slotIndex) }

    /// Blocks until an event is pending or `timeout` passes (see `blockingWait`).
    func wait(timeout: Duration) -> Bool {
        blockingWait(slot: slot, names: names, timeout: timeout) { hasPending() }
    }
}
