import Glibc
import Testing
import ZeroCopyIPC

/// Event services: in-process behaviour, and notifications between real processes (the helper executable).
@Suite struct EventTests {
    private let name = "test/service"

    private func until(_ what: String, _ condition: () -> Bool) async throws {
        for _ in 0..<120_000 where !condition() { try await Task.sleep(for: .milliseconds(1)) }
        #expect(condition(), "timed out waiting for \(what)")
    }

    @Test func defaultsAreIceoryx2s() throws {
        let bed = TestBed()
        let node = try NodeBuilder().config(bed.config).create()
        let service = try node.serviceBuilder(ServiceName(name)).event().create()
        let settings = service.staticConfig.settings
        #expect(settings.maxNotifiers == 16 && settings.maxListeners == 16 && settings.maxNodes == 36)
        #expect(settings.eventIdMaxValue == 255 && settings.deadline == nil)
        #expect(settings.notifierCreatedEvent == nil && settings.notifierDroppedEvent == nil)
        #expect(try Service.doesExist(name: ServiceName(name), pattern: .event, config: bed.config))
        #expect(Service.list(config: bed.config).map(\.messagingPattern) == [.event])
        _ = consume service
        _ = consume node
        bed.finish()
    }

    @Test func everyPendingIdIsHandedOverOnceAndTooLargeIdsAreATypedError() throws {
        let bed = TestBed()
        let node = try NodeBuilder().config(bed.config).create()
        let service = try node.serviceBuilder(ServiceName(name)).event().eventIdMaxValue(100).create()
        let first = try service.listenerBuilder().create()
        let second = try service.listenerBuilder().create()
        let notifier = try service.notifierBuilder().defaultEventId(EventId(7)).create()
        #expect(try notifier.notify(eventId: EventId(3)) == 2)
        #expect(try notifier.notify(eventId: EventId(100)) == 2)
        #expect(try notifier.notify(eventId: EventId(3)) == 2)
        #expect(try notifier.notify() == 2)
        #expect(first.tryWait() == [EventId(3), EventId(7), EventId(100)])
        #expect(first.tryWait() == [])
        #expect(second.tryWaitOne() == EventId(3))
        #expect(second.timedWait(.milliseconds(10)) == [EventId(7), EventId(100)])
        #expect(throws: NotifierNotifyError.eventIdOutOfBounds(service: name, id: 101, eventIdMaxValue: 100)) {
            try notifier.notify(eventId: EventId(101))
        }
        #expect(first.tryWait() == [])
        #expect(throws: PortCreateError.self) { try service.notifierBuilder().defaultEventId(EventId(101)).create() }
        _ = consume notifier
        _ = consume first
        _ = consume second
        _ = consume service
        _ = consume node
        bed.finish()
    }

    @Test func openersMustAgreeOnLimitsDeadlineAndAutomaticEvents() throws {
        let bed = TestBed()
        let node = try NodeBuilder().config(bed.config).create()
        let service = try node.serviceBuilder(ServiceName(name)).event().maxListeners(2).deadline(.seconds(1))
            .notifierDeadEvent(EventId(9)).create()
        do {  // the builder holds the node: it must be gone before the bed checks the root folder
            let builder = try node.serviceBuilder(ServiceName(name)).event()
            #expect(throws: ServiceOpenError.doesNotSupportRequestedAmount(
                service: name, of: "listeners", requested: 3, supported: 2)) { try builder.maxListeners(3).open() }
            #expect(throws: ServiceOpenError.self) { try builder.deadline(.seconds(2)).open() }
            #expect(throws: ServiceOpenError.self) { try builder.notifierDeadEvent(EventId(8)).open() }
            #expect(throws: ServiceOpenError.self) {
                try node.serviceBuilder(ServiceName(name)).publishSubscribe(UInt64.self).open()
            }
            let opened = try builder.maxListeners(2).deadline(.seconds(1)).notifierDeadEvent(EventId(9)).open()
            #expect(!opened.isCreator)
            #expect(throws: ServiceCreateError.self) {
                try node.serviceBuilder(ServiceName("test/other")).event().eventIdMaxValue(5).notifierCreatedEvent(
                    EventId(6)
                ).create()
            }
            _ = consume opened
        }
        _ = consume service
        _ = consume node
        bed.finish()
    }

    @Test func createdAndDroppedEventsArrive() throws {
        let bed = TestBed()
        let node = try NodeBuilder().config(bed.config).create()
        let service = try node.serviceBuilder(ServiceName(name)).event().notifierCreatedEvent(EventId(1))
            .notifierDroppedEvent(EventId(2)).create()
        let listener = try service.listenerBuilder().create()
        var notifier: Notifier? = try service.notifierBuilder().create()
        #expect(listener.tryWait() == [EventId(1)])
        #expect(notifier != nil)
        notifier = nil
        #expect(listener.tryWait() == [EventId(2)])
        _ = consume listener
        _ = consume service
        _ = consume node
        bed.finish()
    }

    @Test func aLateNotificationReportsTheMissedDeadlineAndStillDelivers() throws {
        let bed = TestBed()
        let node = try NodeBuilder().config(bed.config).create()
        let service = try node.serviceBuilder(ServiceName(name)).event().deadline(.milliseconds(20)).create()
        let listener = try service.listenerBuilder().create()
        let notifier = try service.notifierBuilder().create()
        #expect(notifier.deadline == .milliseconds(20))
        usleep(60_000)  // longer than the deadline
        do {
            try notifier.notify(eventId: EventId(4))
            Issue.record("no missed deadline reported")
        } catch {
            guard case .missedDeadline(_, _, _, let reached) = error else {
                Issue.record("\(error)")
                return
            }
            #expect(reached == 1)
        }
        #expect(listener.tryWait() == [EventId(4)])
        _ = consume notifier
        _ = consume listener
        _ = consume service
        _ = consume node
        bed.finish()
    }

    @Test func asyncWaitWakesForANotification() async throws {
        let bed = TestBed()
        let node = try NodeBuilder().config(bed.config).create()
        let service = try node.serviceBuilder(ServiceName(name)).event().create()
        let listener = try service.listenerBuilder().create()
        async let notified = runHelper("event-notifier", bed, ["--ids", "5"])
        let ids = await listener.nextEvents(timeout: .seconds(120))
        #expect(ids == [EventId(5)])
        let result = try await notified
        #expect(result.succeeded, "\(result)")
        _ = consume listener
        _ = consume service
        _ = consume node
        bed.finish()
    }

    /// Two listener processes and a notifier process: every listener gets each id once; an id above the maximum
    /// is a typed error in the notifier process.
    @Test func aNotifyReachesEveryListenerProcessOnceWithItsId() async throws {
        let bed = TestBed()
        let node = try NodeBuilder().config(bed.config).create()
        let service = try node.serviceBuilder(ServiceName(name)).event().eventIdMaxValue(63).create()
        async let first = runHelper("event-listener", bed, ["--count", "3"])
        async let second = runHelper("event-listener", bed, ["--count", "3"])
        try await until("two listeners") { service.numberOfListeners == 2 }
        let notifier = try await runHelper(
            "event-notifier", bed, ["--listeners", "2", "--ids", "9,0,63", "--too-large", "64"])
        #expect(notifier.succeeded, "\(notifier)")
        #expect(notifier.lines.filter { $0 == "REACHED 2" }.count == 3, "\(notifier)")
        #expect(notifier.value("TOO_LARGE") == "eventIdOutOfBounds")
        for listener in [try await first, try await second] {
            #expect(listener.succeeded, "\(listener)")
            #expect(Set(listener.value("IDS")?.split(separator: ",").map(String.init) ?? []) == ["0", "9", "63"])
            #expect(listener.value("IDS")?.split(separator: ",").count == 3, "\(listener)")
        }
        _ = consume service
        _ = consume node
        bed.finish()
    }

    /// A notifier process is SIGKILLed: the listener's wait cleans up the dead node and receives notifierDeadEvent.
    @Test func aKilledNotifierProcessSendsTheDeadEvent() async throws {
        let bed = TestBed()
        let node = try NodeBuilder().config(bed.config).create()
        let service = try node.serviceBuilder(ServiceName(name)).event().notifierCreatedEvent(EventId(1))
            .notifierDeadEvent(EventId(3)).create()
        let listener = try service.listenerBuilder().create()
        let seen = try await runHelperAndKill("event-notifier", bed, ["--ids", "2", "--hold", "1"], after: "HOLDING")
        #expect(seen)
        var ids: [EventId] = []
        for _ in 0..<600 where !ids.contains(EventId(3)) { ids += await listener.nextEvents(timeout: .milliseconds(100)) }
        #expect(ids == [EventId(1), EventId(2), EventId(3)])
        #expect(service.numberOfNotifiers == 0)
        _ = consume listener
        _ = consume service
        _ = consume node
        bed.finish()
    }
}
