import Glibc
import IPCConcepts

/// The `.block` strategy of every sender (``UnableToDeliverStrategy/block``): retries pushing `ref` into `queue`
/// until the receiver makes room, yielding the CPU between tries and waking the receiver in case it sleeps, or
/// until the receiver leaves the service (its slot no longer holds `port`). Every 10,000 tries it looks for dead
/// nodes, so a receiver that was killed ends the wait.
/// - Returns: Whether `ref` was delivered.
func deliverWhenRoom(_ ref: UInt64, into queue: IndexQueue, receiver: PortSlot, port: UInt64, names: Names) -> Bool {
    var attempts = 0
    while receiver.port.pointee.load(ordering: .acquiring) == port {
        if queue.push(ref) { return true }
        receiver.notify()  // a sleeping receiver must wake up to make room
        sched_yield()
        attempts += 1
        if attempts % 10_000 == 0 { DeadNodeCleanup.run(names: names) }
    }
    return false
}
