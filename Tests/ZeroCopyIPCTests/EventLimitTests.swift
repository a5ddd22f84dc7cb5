import Testing

@testable import ZeroCopyIPC

/// The two event doubts of the WaitSet issue: an out-of-range `eventIdMaxValue` and a reused listener slot.
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
}
