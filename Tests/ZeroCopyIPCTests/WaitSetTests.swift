import Glibc
import ProcessCapture
import Testing

@testable import ZeroCopyIPC

/// The WaitSet within one process: limits and typed errors, exactly which attachment is ready, guards that detach,
/// deadlines, intervals, and two waiters on one port.
@Suite struct WaitSetTests {
    /// Runs `waitAndProcessOnce` until `expected` is reported (each run a generous timeout) and returns every id
    /// reported on the way, so a test can check that nothing else was.
    private func idsUntil(
        _ expected: WaitSetAttachmentId, in waitSet: WaitSet, handle: (WaitSetAttachmentId) -> Void = { _ in }
    ) throws -> [WaitSetAttachmentId] {
        var ids: [WaitSetAttachmentId] = []
        for _ in 0..<60 where !ids.contains(expected) {
            _ = try waitSet.waitAndProcessOnce(timeout: .seconds(1)) { id in
                ids.append(id)
                handle(id)
                return .continue
            }
        }
        return ids
    }

    @Test func limitsAndMisuseAreTypedErrors() throws {
        let bed = TestBed()
        do {
            #expect(throws: WaitSetCreateError.invalidCapacity(requested: 0, supported: 1...4096)) {
                try WaitSetBuilder().capacity(0).create()
            }
            let node = try NodeBuilder().config(bed.config).create()
            let service = try node.serviceBuilder(ServiceName("ws/limits")).publishSubscribe(Sample.self)
                .maxSubscribers(4).create()
            let first = try service.subscriberBuilder().create()
            let second = try service.subscriberBuilder().create()
            let waitSet = try WaitSetBuilder().capacity(2).create()
            #expect(throws: WaitSetRunError.noAttachments) {
                try waitSet.waitAndProcessOnce(timeout: .zero) { _ in .continue }
            }
            let attached = try waitSet.attachNotification(first)
            #expect(throws: WaitSetAttachmentError.alreadyAttached(port: first.id)) {
                _ = try waitSet.attachDeadline(first, deadline: .seconds(1))
            }
            #expect(throws: WaitSetAttachmentError.invalidDuration(.zero)) { _ = try waitSet.attachInterval(.zero) }
            let other = try waitSet.attachNotification(second)
            #expect(throws: WaitSetAttachmentError.insufficientCapacity(capacity: 2)) {
                _ = try waitSet.attachInterval(.seconds(1))
            }
            #expect(waitSet.count == 2)
            _ = consume other
            #expect(waitSet.count == 1)
            let tick = try waitSet.attachInterval(.milliseconds(1))
            var nested: WaitSetRunError?
            _ = try waitSet.waitAndProcessOnce(timeout: .seconds(120)) { _ in
                do throws(WaitSetRunError) {
                    _ = try waitSet.waitAndProcessOnce(timeout: .zero) { _ in .continue }
                } catch {
                    nested = error
                }
                return .stop
            }
            #expect(nested == .calledFromCallback)
            #expect("\(WaitSetAttachmentError.exceedsMaxWakeWords(limit: 128))".contains("128"))
            _ = consume tick
            _ = consume attached
        }
        bed.finish()
    }

    @Test func theCallbackNamesExactlyTheReadyAttachmentAndADroppedGuardDetaches() throws {
        let bed = TestBed()
        do {
            let node = try NodeBuilder().config(bed.config).create()
            let samples = try node.serviceBuilder(ServiceName("ws/samples")).publishSubscribe(Sample.self).create()
            let requests = try node.serviceBuilder(ServiceName("ws/requests")).requestResponse(Ping.self, Pong.self)
                .create()
            let subscriber = try samples.subscriberBuilder().create()
            let publisher = try samples.publisherBuilder().create()
            let server = try requests.serverBuilder().create()
            let client = try requests.clientBuilder().create()
            let waitSet = try WaitSetBuilder().create()
            let sampleGuard = try waitSet.attachNotification(subscriber)
            let requestGuard = try waitSet.attachNotification(server)

            try publisher.sendCopy(Sample(value: 7))
            var ids = try idsUntil(sampleGuard.id, in: waitSet) { _ in while (try? subscriber.receive()) != nil {} }
            #expect(ids == [sampleGuard.id])
            #expect(!ids[0].hasEvent(from: requestGuard) && ids[0].hasEvent(from: sampleGuard))

            let pending = try client.sendCopy(Ping(value: 3, client: 1))
            ids = try idsUntil(requestGuard.id, in: waitSet) { id in
                if id == requestGuard.id, let request = server.receive() {
                    try? request.sendCopy(Pong(value: request.payload.value * 2, index: 0))
                }
            }
            #expect(ids == [requestGuard.id])
            #expect(try pending.receive()?.payload.value == 6)
            // No sender makes a system call once the run is over: nobody sleeps; the WaitSet only watches.
            #expect(subscriber.core.slot.waiting.pointee.load(ordering: .relaxed) == PortSlot.watcher)
            #expect(server.core.slot.waiting.pointee.load(ordering: .relaxed) == PortSlot.watcher)

            _ = consume sampleGuard
            let tick = try waitSet.attachInterval(.milliseconds(5))
            try publisher.sendCopy(Sample(value: 8))
            ids = try idsUntil(tick.id, in: waitSet)
            #expect(ids == [tick.id], "the dropped guard's subscriber is not reported")
            #expect(try subscriber.receive()?.payload.value == 8)
            _ = consume tick
            _ = consume requestGuard
            _ = consume pending
        }
        bed.finish()
    }

    /// A guard may outlive the port it watches and the port's service: the WaitSet keeps the port until the
    /// guard detaches it (the last reference going first unmapped the slot under the detach: a crash), and the
    /// watcher count goes with it.
    @Test func aGuardThatOutlivesItsPortAndServiceDetachesSafely() throws {
        let bed = TestBed()
        do {
            let node = try NodeBuilder().config(bed.config).create()
            var service: PublishSubscribeService<Sample>? =
                try node.serviceBuilder(ServiceName("ws/outlived")).publishSubscribe(Sample.self).create()
            var subscriber: Subscriber<Sample>? = try service!.subscriberBuilder().create()
            let waitSet = try WaitSetBuilder().create()
            let guarded = try waitSet.attachNotification(subscriber!)
            let slot = subscriber!.core.slot
            #expect(slot.waiting.pointee.load(ordering: .relaxed) == PortSlot.watcher)
            subscriber = nil
            service = nil
            _ = consume guarded  // detaches: the port and its service go now
            // The service went with the port: a new one starts with a slot nobody watches.
            let again = try node.serviceBuilder(ServiceName("ws/outlived")).publishSubscribe(Sample.self).create()
            let successor = try again.subscriberBuilder().create()
            #expect(successor.core.slot.waiting.pointee.load(ordering: .relaxed) == 0)
            _ = consume successor
            _ = consume again
        }
        bed.finish()
    }

    @Test func deadlinesAreMissedAndMetAndIntervalsElapse() throws {
        let bed = TestBed()
        do {
            let node = try NodeBuilder().config(bed.config).create()
            let service = try node.serviceBuilder(ServiceName("ws/events")).event().create()
            let listener = try service.listenerBuilder().create()
            let notifier = try service.notifierBuilder().create()
            let waitSet = try WaitSetBuilder().create()
            let deadline = try waitSet.attachDeadline(listener, deadline: .milliseconds(20))
            // Missed: nothing is notified, so the deadline passes and is reported as such, not as an event.
            var missed: [WaitSetAttachmentId] = []
            _ = try waitSet.waitAndProcessOnce(timeout: .seconds(120)) { id in
                missed.append(id)
                return .continue
            }
            #expect(missed.count == 1 && missed[0].hasMissedDeadline(deadline) && !missed[0].hasEvent(from: deadline))
            #expect(missed[0] != deadline.id && missed[0].reason == .missedDeadline)
            // Met: an event that is there when the WaitSet looks is reported as ready, never as a missed deadline.
            _ = try notifier.notify(eventId: EventId(4))
            var met: [WaitSetAttachmentId] = []
            _ = try waitSet.waitAndProcessOnce(timeout: .seconds(120)) { id in
                met.append(id)
                if id == deadline.id { #expect(listener.tryWait() == [EventId(4)]) }
                return .continue
            }
            #expect(met == [deadline.id])
            _ = consume deadline

            let interval = try waitSet.attachInterval(.milliseconds(2))
            var ticks = 0
            for _ in 0..<3 {
                _ = try waitSet.waitAndProcessOnce(timeout: .seconds(120)) { id in
                    if id.hasEvent(from: interval) && id.reason == .intervalElapsed { ticks += 1 }
                    return .continue
                }
            }
            #expect(ticks == 3)
            _ = consume interval
        }
        bed.finish()
    }

    @Test func pendingResponsesOfOneClientAreToldApartAndEndOnce() throws {
        let bed = TestBed()
        do {
            let node = try NodeBuilder().config(bed.config).create()
            let service = try node.serviceBuilder(ServiceName("ws/pending")).requestResponse(Ping.self, Pong.self)
                .create()
            let server = try service.serverBuilder().create()
            let client = try service.clientBuilder().create()
            let first = try client.sendCopy(Ping(value: 1, client: 1))
            let second = try client.sendCopy(Ping(value: 2, client: 1))
            let waitSet = try WaitSetBuilder().create()
            let firstGuard = try waitSet.attachNotification(first)
            let secondGuard = try waitSet.attachNotification(second)
            guard let one = server.receive(), let two = server.receive() else {
                Issue.record("the server did not receive both requests")
                return
            }
            try two.sendCopy(Pong(value: 4, index: 0))
            var ids = try idsUntil(secondGuard.id, in: waitSet) { _ in }
            #expect(ids == [secondGuard.id])
            #expect(try second.receive()?.payload.value == 4)
            _ = consume two  // the stream ends: reported once, then no more
            ids = try idsUntil(secondGuard.id, in: waitSet)
            #expect(ids == [secondGuard.id] && !second.isConnected)
            let tick = try waitSet.attachInterval(.milliseconds(5))
            ids = try idsUntil(tick.id, in: waitSet)
            #expect(ids == [tick.id])
            _ = consume one
            _ = consume tick
            _ = consume firstGuard
            _ = consume secondGuard
            _ = consume first
            _ = consume second
        }
        bed.finish()
    }

    /// A port's own wait and a WaitSet sleep on the same port: the WaitSet leaving must not hide the other waiter
    /// from the senders (`waiting` is a count, not a flag).
    @Test func aWaitSetLeavingDoesNotHideAnotherWaiterOfThePort() async throws {
        let bed = TestBed()
        do {
            let node = try NodeBuilder().config(bed.config).create()
            let service = try node.serviceBuilder(ServiceName("ws/two-waiters")).event().create()
            let listener = try service.listenerBuilder().create()
            let notifier = try service.notifierBuilder().create()
            let waiting = listener.core.slot.waiting
            nonisolated(unsafe) let shared = listener
            // A thread of its own parks in the listener's blocking wait (a pool thread must not: see `onOwnThread`).
            let waiter = OwnThread { shared.timedWait(.seconds(120)) }
            for _ in 0..<60_000 where waiting.pointee.load(ordering: .relaxed) == 0 {
                try await Task.sleep(for: .milliseconds(1))
            }
            #expect(waiting.pointee.load(ordering: .relaxed) == PortSlot.sleeper)
            let waitSet = try WaitSetBuilder().create()
            let events = try waitSet.attachNotification(listener)
            let tick = try waitSet.attachInterval(.milliseconds(5))
            var ids: [WaitSetAttachmentId] = []
            _ = try waitSet.waitAndProcessOnce(timeout: .seconds(120)) { id in
                ids.append(id)
                return .continue
            }
            #expect(ids == [tick.id])
            #expect(
                waiting.pointee.load(ordering: .relaxed) == PortSlot.sleeper + PortSlot.watcher,
                "the listener's own wait is still announced, and the WaitSet watches")
            _ = try notifier.notify(eventId: EventId(2))
            #expect(try await waiter.value == [EventId(2)])
            #expect(waiting.pointee.load(ordering: .relaxed) == PortSlot.watcher)
            _ = consume events
            #expect(waiting.pointee.load(ordering: .relaxed) == 0, "detached: nobody watches")
            _ = consume tick
        }
        bed.finish()
    }
}
