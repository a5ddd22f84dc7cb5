import IPCPlatform

/// How long a wait spins before it sleeps: a peer that answers within this time is seen without a system call on
/// either side (the sender wakes only a port that sleeps), one that takes longer costs a futex wake and sleep. A few
/// times what sleeping and waking cost (the always-blocking futex baseline of Benchmarks/ takes 5–6 µs per
/// direction on the hosts measured), so a wait spends at most a small multiple of that cost spinning.
let waitSpinTime = Duration.microseconds(20)

/// Looks this many times before a wait of at least ``quickLooksTimeout`` reads the clock: in a busy exchange most
/// waits end within them (a few hundred nanoseconds), and reading the clock costs about as much as a look.
let quickLooks = 16
/// The shortest timeout that spins ``quickLooks`` times before reading the clock (far longer than those looks).
let quickLooksTimeout = Duration.microseconds(10)

/// Spins until `ready()` holds or ``waitSpinTime`` passed, `timeout` if that is shorter. The first looks come before
/// the clock is read, and the clock only every 64 looks.
/// - Returns: `nil` when `ready()` held; else the deadline of the whole wait, `timeout` after the spin began.
@inline(__always)
func spinBriefly(timeout: Duration, until ready: () -> Bool) -> ContinuousClock.Instant? {
    if ready() { return nil }
    if timeout >= quickLooksTimeout {
        for _ in 0..<quickLooks {
            Spin.pause()
            if ready() { return nil }
        }
    }
    let start = ContinuousClock.now
    let end = start + min(timeout, waitSpinTime)
    var looks = 0
    while true {
        Spin.pause()
        if ready() { return nil }
        looks &+= 1
        if looks & 63 == 0 && ContinuousClock.now >= end { return start + timeout }
    }
}

/// The shared spin-then-futex wait of clients and servers: returns `true` as soon as `ready()` does, and never calls
/// it again after that, so `ready` may take what it waits for (see `Server.receive(timeout:)`).
func blockingWait(
    slot: PortSlot, names: @autoclosure () -> Names, timeout: Duration, until ready: () -> Bool
) -> Bool {
    guard let deadline = spinBriefly(timeout: timeout, until: ready) else { return true }
    slot.beginWaiting()
    defer { slot.endWaiting() }
    while true {
        let observed = slot.wake.pointee.load(ordering: .sequentiallyConsistent)
        if ready() { return true }
        let left = deadline - ContinuousClock.now
        if left <= .zero { return false }
        let slice = min(left, .milliseconds(100))
        let nanoseconds = slice.components.seconds * 1_000_000_000 + slice.components.attoseconds / 1_000_000_000
        // After a quiet slice, look for work first: cleaning up first could remove a peer that sent its last
        // message just before it died, together with that message.
        if Futex.wait(slot.wake, expected: observed, timeoutNanoseconds: nanoseconds) == .timedOut {
            if ready() { return true }
            DeadNodeCleanup.run(names: names())
        }
    }
}
