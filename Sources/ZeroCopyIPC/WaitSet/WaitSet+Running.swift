import Glibc
import IPCPlatform
import Synchronization

extension WaitSet {
    /// How long one sleep lasts at most when the signal word is watched too (SIGINT, SIGTERM and task cancellation
    /// wake it at once): after a quiet slice the WaitSet cleans up after dead nodes, which is how a killed peer is
    /// noticed.
    static let quietSlice = Duration.seconds(1)
    /// The slice when all 128 words are ports, and signals and cancellation are only seen between slices.
    static let signalPollSlice = Duration.milliseconds(100)
    /// The timeout of ``waitAndProcess(_:)``: a year, to keep instants far from overflowing.
    static let forever = Duration.seconds(86_400 * 365)

    /// Waits until attachments are ready and hands each to `body`, again and again, until `body` returns
    /// ``CallbackProgression/stop`` or SIGINT/SIGTERM arrives.
    /// - Parameter body: Called once per ready attachment with its id (compare with a guard's ``WaitSetGuard/id``).
    /// - Returns: ``WaitSetRunResult/stopRequest``, ``WaitSetRunResult/interrupt`` or
    ///   ``WaitSetRunResult/terminationRequest``.
    /// - Throws: ``WaitSetRunError``.
    public func waitAndProcess(
        _ body: (WaitSetAttachmentId) -> CallbackProgression
    ) throws(WaitSetRunError) -> WaitSetRunResult {
        while true {
            let result = try waitAndProcessOnce(timeout: Self.forever, body)
            if result != .allEventsHandled { return result }
        }
    }

    /// Waits until an attachment is ready, a deadline or interval is due, or `timeout` passes, then hands every
    /// ready attachment to `body` once.
    /// - Parameters:
    ///   - timeout: The longest wait.
    ///   - body: Called once per ready attachment.
    /// - Returns: ``WaitSetRunResult/allEventsHandled`` (also after a timeout with nothing ready), or how the run
    ///   was ended.
    /// - Throws: ``WaitSetRunError``.
    public func waitAndProcessOnce(
        timeout: Duration, _ body: (WaitSetAttachmentId) -> CallbackProgression
    ) throws(WaitSetRunError) -> WaitSetRunResult {
        if let ended = try begin() { return ended }
        defer { running = false }
        let end = ContinuousClock.now + timeout
        if !collectAfterSpin(end: end) {
            while true {
                if let ended = signalResult() { return ended }
                guard let sleep = prepareSleep(end: end) else { break }
                let result = Futex.waitAny(
                    UnsafeBufferPointer(rebasing: sleepWords[0..<sleep.count]),
                    expected: UnsafeBufferPointer(rebasing: sleepExpected[0..<sleep.count]),
                    timeoutNanoseconds: sleep.nanoseconds)
                if try finishSleep(result, sleep) { break }
            }
        }
        return deliver(body)
    }

    // MARK: The steps both forms share

    /// A sleep about to happen: how many words, for how long.
    struct Sleep {
        var count: Int
        var nanoseconds: Int64
    }

    /// Refuses an empty or reentrant run; reports a signal that arrived already.
    func begin() throws(WaitSetRunError) -> WaitSetRunResult? {
        guard !entries.isEmpty else { throw .noAttachments }
        if let ended = signalResult() { return ended }
        guard !running else { throw .calledFromCallback }
        running = true
        return nil
    }

    /// The signal that ends the run, when the WaitSet handles signals.
    func signalResult() -> WaitSetRunResult? {
        guard handlesSignals else { return nil }
        switch receivedSignal.load(ordering: .sequentiallyConsistent) {
        case SIGINT: return .interrupt
        case SIGTERM: return .terminationRequest
        default: return nil
        }
    }

    /// Looks for ready attachments and due timers, spinning briefly (as a port's own wait does) unless a timer is
    /// due first.
    /// - Returns: Whether something was found.
    func collectAfterSpin(end: ContinuousClock.Instant) -> Bool {
        if collect() { return true }
        let spin = min(end, nextDue) - ContinuousClock.now
        guard spin > .zero else { return false }
        return spinBriefly(timeout: spin, until: { anySourceReady() }) == nil && collect()
    }

    /// Announces the WaitSet as a waiter on every attached port, then takes the words' values and looks once more
    /// (Dekker: a sender that published after this look sees the waiter and changes a word).
    /// - Returns: The sleep, or `nil` when something is ready or due, or `end` passed (nothing sleeps then).
    func prepareSleep(end: ContinuousClock.Instant) -> Sleep? {
        for word in words { word.slot.beginWaiting() }
        var count = 0
        for word in words {
            sleepWords[count] = UnsafeMutableRawPointer(word.slot.wake).assumingMemoryBound(to: UInt32.self)
            sleepExpected[count] = word.slot.wake.pointee.load(ordering: .sequentiallyConsistent)
            count += 1
        }
        // The signal word also ends the sleep of a cancelled task (see the async forms).
        let watchesSignals = count < Self.maxWakeWords
        if watchesSignals {
            sleepWords[count] = UnsafeMutableRawPointer(signalWakeWord).assumingMemoryBound(to: UInt32.self)
            sleepExpected[count] = signalWakeWord.pointee.load(ordering: .sequentiallyConsistent)
            count += 1
        }
        let now = ContinuousClock.now
        let wake = min(end, nextDue)
        if collect(now: now) || now >= wake || signalResult() != nil {
            endWaiting()
            return nil
        }
        // Without the signal word, slices let signals and cancellation be seen; without anything to clean up, the
        // WaitSet sleeps until a word changes or its time is up (an idle WaitSet then wakes no more than that).
        let slice = !watchesSignals ? Self.signalPollSlice : cleanupNames.isEmpty ? Self.forever : Self.quietSlice
        let left = min(wake - now, slice)
        let (seconds, attoseconds) = left.components
        return Sleep(count: count, nanoseconds: max(1, seconds &* 1_000_000_000 &+ attoseconds / 1_000_000_000))
    }

    /// Ends the waiter announcement; after a quiet slice, cleans up after dead nodes (which is how a port notices a
    /// killed peer), then looks again.
    /// - Returns: Whether the run delivers now (something ready or due).
    func finishSleep(_ result: Futex.WaitAnyResult, _ sleep: Sleep) throws(WaitSetRunError) -> Bool {
        endWaiting()
        if case .unsupported(let errno) = result { throw .waitFailed(errno: errno) }
        // Quiet for a whole slice (counted across runs, so short timeouts do not skip it): look for work first,
        // then clean up, as a port's own wait does.
        if result == .timedOut, ContinuousClock.now - lastCleanup >= Self.quietSlice {
            if collect() { return true }
            lastCleanup = .now
            for names in cleanupNames { DeadNodeCleanup.run(names: names) }
            // Cleanup changes readiness without a sender (a dead notifier's event, a pending response's end): ask
            // every port once.
            askEveryPort()
        }
        return collect()
    }

    func endWaiting() {
        for word in words { word.slot.endWaiting() }
    }

    // MARK: Readiness and timers

    /// When the next deadline is missed or interval elapses (far in the future without any).
    var nextDue: ContinuousClock.Instant {
        var next = ContinuousClock.now + Self.forever
        guard timedEntries > 0 else { return next }
        // In place, by index: copying an entry would retain its port and closures.
        for index in entries.indices where entries[index].period != nil && entries[index].due < next {
            next = entries[index].due
        }
        return next
    }

    /// Whether an attached port may have become ready (the spin's check: collects nothing). Senders bump the
    /// words of watched ports, so comparing words finds the ports that moved without asking each port; only the
    /// ports that a look always asks (see ``mustAsk(_:)``) are asked here.
    func anySourceReady() -> Bool {
        // Through one buffer: one exclusivity check per look, not two per word.
        let moved = words.withUnsafeBufferPointer { words in
            words.contains { $0.slot.wake.pointee.load(ordering: .relaxed) != $0.seen }
        }
        if moved { return true }
        for index in askList where isReady(index) { return true }
        return false
    }

    /// Whether a look asks this port whatever its word did: new, or ready at the last look (level-triggered), or
    /// a pending response whose end is still to be reported (a server that drops the request, or whose node is
    /// cleaned up, bumps no word).
    func mustAsk(_ index: Int) -> Bool {
        entries[index].recheck || (entries[index].canEnd && !entries[index].endReported)
    }

    /// Whether the port of entry `index` has data, or (a pending response) an end still to be reported.
    func isReady(_ index: Int) -> Bool {
        hasEnded(index) || sources[index]?.hasData() == true
    }

    /// Whether entry `index` is a pending response whose stream ended and was not reported yet.
    func hasEnded(_ index: Int) -> Bool {
        entries[index].canEnd && !entries[index].endReported && sources[index]?.hasEnded?() == true
    }

    /// Takes the words' values; lists in `movedWords` those that moved since their ports were last asked.
    func takeMovedWords() {
        words.withUnsafeMutableBufferPointer { words in
            for index in words.indices {
                let value = words[index].slot.wake.pointee.load(ordering: .sequentiallyConsistent)
                if value != words[index].seen {
                    words[index].seen = value
                    movedWords.append(index)
                }
            }
        }
    }

    /// Makes the next look ask every port (after cleanup, which changes readiness without a sender).
    func askEveryPort() {
        askList.removeAll(keepingCapacity: true)
        for index in entries.indices where entries[index].hasSource {
            entries[index].recheck = true
            askList.append(index)
        }
    }

    /// Gathers into `found` every missed deadline and elapsed interval (first, as iceoryx2 reports them), then every
    /// ready port in the order attached, resetting their timers: a deadline restarts when its port is ready or when
    /// it was missed, an interval moves on by whole periods.
    /// - Returns: Whether anything was gathered.
    @discardableResult
    func collect(now: ContinuousClock.Instant = .now) -> Bool {
        found.removeAll(keepingCapacity: true)
        if timedEntries > 0 {
            for index in entries.indices {
                guard let period = entries[index].period, now >= entries[index].due else { continue }
                let serial = entries[index].serial
                if entries[index].hasSource {
                    if isReady(index) { continue }
                    found.append(Due(serial: serial, reason: .missedDeadline, ended: false))
                    entries[index].due = now + period
                } else {
                    found.append(Due(serial: serial, reason: .intervalElapsed, ended: false))
                    var next = entries[index].due + period
                    while next <= now { next += period }
                    entries[index].due = next
                }
            }
        }
        // A word's value is taken before its ports are asked: a sender that publishes after the question bumps it
        // again, so the next look cannot miss that.
        takeMovedWords()
        // The ports to ask: those a look always asks, and those of the words that moved — not all of them, so that a
        // look costs the same with 1 or 128 quiet attachments. Each is asked once, in the order attached.
        lookSerial &+= 1
        candidates.removeAll(keepingCapacity: true)
        for index in askList { addCandidate(index) }
        for word in movedWords {
            for index in wordEntries[word] { addCandidate(index) }
        }
        movedWords.removeAll(keepingCapacity: true)
        if candidates.count > 1 { candidates.sort() }
        askList.removeAll(keepingCapacity: true)
        for index in candidates {
            let ended = hasEnded(index)
            let ready = ended || sources[index]?.hasData() == true
            entries[index].recheck = ready
            if mustAsk(index) { askList.append(index) }
            guard ready else { continue }
            found.append(Due(serial: entries[index].serial, reason: .ready, ended: ended))
            if let period = entries[index].period { entries[index].due = now + period }
        }
        return !found.isEmpty
    }

    /// Adds entry `index` to this look's `candidates` unless it is there already.
    private func addCandidate(_ index: Int) {
        guard entries[index].lookSerial != lookSerial else { return }
        entries[index].lookSerial = lookSerial
        candidates.append(index)
    }

    /// Hands every gathered attachment to `body`, skipping those a callback detached meanwhile.
    func deliver(_ body: (WaitSetAttachmentId) -> CallbackProgression) -> WaitSetRunResult {
        var index = 0
        while index < found.count {
            let item = found[index]
            index += 1
            guard let position = entries.firstIndex(where: { $0.serial == item.serial }) else { continue }
            if item.ended { entries[position].endReported = true }
            if body(WaitSetAttachmentId(waitSet: serial, attachment: item.serial, reason: item.reason)) == .stop {
                return .stopRequest
            }
        }
        return .allEventsHandled
    }
}
