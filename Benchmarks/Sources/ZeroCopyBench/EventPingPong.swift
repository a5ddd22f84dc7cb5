#if canImport(Glibc)
import Glibc
#endif
import BenchSupport
import ZeroCopyIPC

/// Event wake-up latency between two processes (`zc-event-wait`): A (CPU 0) notifies event id 1 on `…/a2b` and
/// waits with `timedWaitOne` on `…/b2a`; B (CPU 1) waits on a2b and notifies b2a back. Both wait as a listener
/// does (a 20 µs spin, then the futex word the notifier wakes only while the listener sleeps), to compare with the C
/// futex ping-pong baselines (`c-futex-line-spin0ns`, `c-futex-line-spin10000ns`). Id 2 stops B.
public final class EventPingPong {
    let node: Node
    let a2b: EventService
    let b2a: EventService
    var notifier: Notifier?
    var listener: Listener?
    var server: ServerProcess?

    static func service(_ node: Node, _ name: String, create: Bool) throws(BenchError) -> EventService {
        do {
            let builder = try node.serviceBuilder(serviceName(name)).event().maxNotifiers(1).maxListeners(1)
            return create ? try builder.create() : try builder.open()
        } catch let error as BenchError {
            throw error
        } catch {
            throw BenchError("event service \(name): \(error)")
        }
    }

    /// Creates both services and A's ports, spawns B and waits until both directions are connected.
    public init(executable: String, subcommand: String) throws(BenchError) {
        node = try makeNode("event-a")
        let name = "zcipc-bench/\(subcommand)/\(getpid())"
        a2b = try Self.service(node, name + "/a2b", create: true)
        b2a = try Self.service(node, name + "/b2a", create: true)
        do {
            notifier = try a2b.notifierBuilder().create()
            listener = try b2a.listenerBuilder().create()
        } catch {
            throw BenchError("event A setup: \(error)")
        }
        server = .some(try ServerProcess(executable: executable, arguments: [subcommand, "--serve", name]))
        let (a2b, b2a) = (self.a2b, self.b2a)
        try waitUntil("process B of \(name)") { a2b.numberOfListeners == 1 && b2a.numberOfNotifiers == 1 }
        try pinToCPU(0)
    }

    /// One round trip: notify id 1 (2 to stop B), wait for B's answer.
    public func roundTrip(_ sequence: UInt64) throws(BenchError) {
        guard let notifier, let listener else { throw BenchError("round trip after stop()") }
        do {
            _ = try notifier.notify(eventId: EventId(sequence == stopSequence ? 2 : 1))
        } catch {
            throw BenchError("notify \(sequence): \(error)")
        }
        guard listener.timedWaitOne(.seconds(10)) != nil else { throw BenchError("no answer to \(sequence)") }
    }

    /// Stops B and reaps it.
    public func stop() throws(BenchError) {
        try roundTrip(stopSequence)
        notifier = nil
        listener = nil
        try server.take()?.wait()
    }

    deinit { server.take()?.kill() }

    /// Process B: answers every event on a2b with one on b2a until id 2.
    public static func serve(name: String) throws(BenchError) {
        try pinToCPU(1)
        let node = try makeNode("event-b")
        let a2b = try service(node, name + "/a2b", create: false)
        let b2a = try service(node, name + "/b2a", create: false)
        let listener: Listener
        let notifier: Notifier
        do {
            listener = try a2b.listenerBuilder().create()
            notifier = try b2a.notifierBuilder().create()
        } catch {
            throw BenchError("event B setup: \(error)")
        }
        try waitUntil("process A of \(name)") { b2a.numberOfListeners == 1 }
        while true {
            guard let id = listener.timedWaitOne(.seconds(10)) else {
                if a2b.numberOfNotifiers == 0 { throw BenchError("event B: A is gone") }
                continue
            }
            do {
                _ = try notifier.notify(eventId: EventId(1))
            } catch {
                throw BenchError("event B: notify: \(error)")
            }
            if id == EventId(2) { break }
        }
        try? waitUntil("process A to leave", seconds: 10) { b2a.numberOfListeners == 0 }
    }
}
