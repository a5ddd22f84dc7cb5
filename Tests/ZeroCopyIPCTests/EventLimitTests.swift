import Testing

@testable import ZeroCopyIPC

/// The event doubts of the WaitSet issue: an out-of-range `eventIdMaxValue`, a reused listener slot, ids
/// spread over every word of a listener's pending bits, and wake words that wrap around.
@Suite struct EventLimitTests {
    @Test func anEventIdMaxValueOutsideTheLimitIsATypedErrorNamingIt() throws {
        let bed = TestBed()
        do {
            let node = try NodeBuilder().config(bed.config).create()
            for value in [-1, EventDefaults.largestEventIdMaxValue + 1] {
                let error = #expect(throws: ServiceCreateError.self) {
                    _ = try node.serviceBuilder(ServiceName("ws/range")).event().eventIdMaxValue(value).create()
                }
                #expect(error == .invalidEventIdMaxValue(service: "ws/range", requested: value, supported: 0...4095))
                #expect(error?.description.contains("largestEventIdMaxValue") == true)
            }
            let largest = try node.serviceBuilder(ServiceName("ws/range")).event()
                .eventIdMaxValue(EventDefaults.largestEventIdMaxValue).create()
            #expect(largest.staticConfig.settings.eventIdMaxValue == 4095)
            _ = consume largest
        }
        bed.finish()
    }

    @Test func aListenerInAReusedSlotGetsNoneOfItsPredecessorsPendingEvents() throws {
        let bed = TestBed()
        do {
            let node = try NodeBuilder().config(bed.config).create()
            let service = try node.serviceBuilder(ServiceName("ws/reuse")).event().maxListeners(1).create()
            let notifier = try service.notifierBuilder().create()
            var first: Listener? = try service.listenerBuilder().create()
            let slot = try #require(first).core.slotIndex
            #expect(try notifier.notify(eventId: EventId(9)) == 1)
            #expect(first?.hasPendingEvents == true)
            first = nil  // leaves with event 9 pending
            let second = try service.listenerBuilder().create()
            #expect(second.core.slotIndex == slot, "the only slot is reused")
            #expect(!second.hasPendingEvents && second.tryWait() == [])
            #expect(try notifier.notify(eventId: EventId(3)) == 1)
            #expect(second.tryWait() == [EventId(3)])
            _ = consume second
            _ = consume notifier
            _ = consume service
        }
        bed.finish()
    }

    @Test func idsAcrossPendingWordsAreEachHandedOverOnceInOrder() throws {
        let bed = TestBed()
        do {
            let node = try NodeBuilder().config(bed.config).create()
            let service = try node.serviceBuilder(ServiceName("ws/groups")).event()
                .eventIdMaxValue(EventDefaults.largestEventIdMaxValue).create()
            let listener = try service.listenerBuilder().create()
            let notifier = try service.notifierBuilder().create()
            // 64 ids share a word of pending bits: ids on both sides of word boundaries, the first and the last.
            let ids = [4095, 0, 1024, 15, 16, 1023, 17, 4080]
            for _ in 0..<3 {
                for id in ids { #expect(try notifier.notify(eventId: EventId(id)) == 1) }
            }
            #expect(listener.hasPendingEvents)
            #expect(listener.tryWaitOne() == EventId(0))
            #expect(try notifier.notify(eventId: EventId(0)) == 1)
            #expect(listener.tryWait() == ids.sorted().map { EventId($0) })
            #expect(!listener.hasPendingEvents && listener.tryWait() == [])
            #expect(try notifier.notify(eventId: EventId(1023)) == 1)
            #expect(listener.timedWaitOne(.milliseconds(10)) == EventId(1023))
            #expect(listener.tryWaitOne() == nil)
            _ = consume notifier
            _ = consume listener
            _ = consume service
        }
        bed.finish()
    }

    @Test func aWakeWordThatWrapsAroundStillWakesTheWaitSet() throws {
        let bed = TestBed()
        do {
            let node = try NodeBuilder().config(bed.config).create()
            let service = try node.serviceBuilder(ServiceName("ws/wrap")).event().create()
            let listener = try service.listenerBuilder().create()
            let notifier = try service.notifierBuilder().create()
            let waitSet = try WaitSetBuilder().create()
            let events = try waitSet.attachNotification(listener)
            // A watched port bumps its 32-bit wake word on every send: it must wrap, never trap.
            listener.core.slot.wake.pointee.store(UInt32.max, ordering: .sequentiallyConsistent)
            for round in 0..<2 {
                #expect(try notifier.notify(eventId: EventId(round)) == 1)
                var reported: [WaitSetAttachmentId] = []
                _ = try waitSet.waitAndProcessOnce(timeout: .seconds(5)) { id in
                    reported.append(id)
                    return .continue
                }
                #expect(reported == [events.id])
                #expect(listener.tryWait() == [EventId(round)])
            }
            #expect(listener.core.slot.wake.pointee.load(ordering: .sequentiallyConsistent) == 1)
            _ = consume events
            _ = consume notifier
            _ = consume listener
            _ = consume service
        }
        bed.finish()
    }
}
