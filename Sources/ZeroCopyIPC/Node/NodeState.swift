import Glibc
import IPCPlatform
import Synchronization

/// What a node owns: its id, config and the locked monitor file that tells others it is alive.
/// Ports and services keep it alive, so the monitor file outlives every resource the node created.
final class NodeState: Sendable {
    let id: UInt64
    let name: String
    let config: Config
    let names: Names
    let monitor: MonitorFile

    init(id: UInt64, name: String, config: Config, monitor: MonitorFile) {
        self.id = id
        self.name = name
        self.config = config
        self.names = Names(config: config)
        self.monitor = monitor
    }

    deinit { LocalNodes.remove(id) }
}

/// The nodes of this process, which cleanup in this process never takes for dead and ``Node/list(config:)``
/// reports alive without a lock test. Their monitor files carry open-file-description locks (see `MonitorFile`),
/// so reading them here, as listing does, leaves the lock in place.
enum LocalNodes {
    private static let ids = Mutex<Set<UInt64>>([])
    static func insert(_ id: UInt64) { ids.withLock { _ = $0.insert(id) } }
    static func remove(_ id: UInt64) { ids.withLock { _ = $0.remove(id) } }
    static func contains(_ id: UInt64) -> Bool { ids.withLock { $0.contains(id) } }
}

/// The last termination signal received (0: none). Set from a signal handler, so only an atomic store.
let receivedSignal = Atomic<Int32>(0)

/// Installs SIGINT/SIGTERM handlers once per process so that ``Node/wait(_:)`` can return an error instead of the
/// process dying with ports still registered.
enum SignalHandling {
    private static let installed = Atomic<Bool>(false)

    static func install() {
        guard installed.compareExchange(expected: false, desired: true, ordering: .sequentiallyConsistent).exchanged
        else { return }
        _ = signalWakeWord  // initialised here, never first in a handler (a lazy global's initialiser takes a lock)
        signal(SIGINT) { number in signalArrived(number) }
        signal(SIGTERM) { number in signalArrived(number) }
    }
}

/// What a handler does: records the signal and wakes every ``WaitSet`` sleeping on ``signalWakeWord`` (an atomic
/// add and a `futex` call are async-signal-safe).
private func signalArrived(_ number: Int32) {
    receivedSignal.store(number, ordering: .sequentiallyConsistent)
    signalWakeWord.pointee.wrappingAdd(1, ordering: .sequentiallyConsistent)
    Futex.wakeAll(signalWakeWord)
}

/// A process-local futex word that the SIGINT/SIGTERM handlers bump and wake, so that a ``WaitSet`` sleeping on its
/// ports' words ends its sleep at once instead of at the next slice.
nonisolated(unsafe) let signalWakeWord: UnsafeMutablePointer<Atomic<UInt32>> = {
    let word = UnsafeMutablePointer<Atomic<UInt32>>.allocate(capacity: 1)
    word.initialize(to: Atomic(0))
    return word
}()
