import IPCPlatform

/// The shared spin-then-futex wait of clients and servers.
func blockingWait(slot: PortSlot, names: Names, timeout: Duration, until ready: () -> Bool) -> Bool {
    for _ in 0..<2000 {
        if ready() { return true }
    }
    let deadline = ContinuousClock.now + timeout
    defer { slot.waiting.pointee.store(0, ordering: .sequentiallyConsistent) }
    while true {
        slot.waiting.pointee.store(1, ordering: .sequentiallyConsistent)
        let observed = slot.wake.pointee.load(ordering: .sequentiallyConsistent)
        if ready() { return true }
        let left = deadline - ContinuousClock.now
        if left <= .zero { return false }
        let slice = min(left, .milliseconds(100))
        let nanoseconds = slice.components.seconds * 1_000_000_000 + slice.components.attoseconds / 1_000_000_000
        // After a quiet slice, look for work first: cleaning up first could remove a peer that sent its last
        // message just before it died, together with that message.
        if Futex.wait(slot.wake, expected: observed, timeoutNanoseconds: nanoseconds) == .timedOut, !ready() {
            DeadNodeCleanup.run(names: names)
        }
    }
}
