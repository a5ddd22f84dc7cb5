import IPCPlatform
import Synchronization

/// Waits on many ports, deadlines and intervals at once, in one thread or one task: a reactor as in iceoryx2.
///
/// ```swift
/// let waitSet = try WaitSetBuilder().create()
/// let requests = try waitSet.attachNotification(server)
/// let samples = try waitSet.attachNotification(subscriber)
/// let tick = try waitSet.attachInterval(.seconds(1))
/// let result = try waitSet.waitAndProcess { id in
///     if id == requests.id { while let request = server.receive() { … } }
///     if id == samples.id { while let sample = try? subscriber.receive() { … } }
///     if id == tick.id { print("still here") }
///     return .continue
/// }
/// ```
/// Data ports wake a WaitSet by themselves, without an event service: the WaitSet sleeps in one `futex_waitv` call
/// on the futex words of the attached ports, which senders wake only while someone waits (see docs/waitset.md).
/// Readiness is level-triggered: an attachment whose data the callback leaves in place is reported again, so take
/// everything that waits. Every attach call returns a ``WaitSetGuard``; dropping it detaches. A WaitSet and the
/// ports attached to it are used from one thread (or one task) at a time.
public final class WaitSet {
    /// One attachment: a port (with an optional deadline) or an interval. Plain values only, so that a look over 128
    /// entries copies no references; the port itself is `sources[index]`.
    struct Entry {
        var serial: UInt64
        /// Whether its source can end (a pending response): it is asked every look until the end is reported.
        var canEnd: Bool
        /// The deadline (with a port) or the interval's period.
        var period: Duration?
        /// When the deadline is missed or the interval elapses next.
        var due: ContinuousClock.Instant
        /// The index of the port's wake word in `words`, or -1.
        var word: Int
        /// A pending response whose end was handed to the callback already.
        var endReported = false
        /// Whether the next look asks the port even if its word did not move: new, or ready at the last look
        /// (readiness is level-triggered).
        var recheck = true
        /// The look that last put it among the ports to ask (each is asked once per look).
        var lookSerial: UInt64 = 0

        /// Whether the attachment is a port (else an interval, which watches no word).
        var hasSource: Bool { word >= 0 }
    }

    /// A wake word, how many attachments watch it, and its value when the WaitSet last asked their ports.
    struct WakeWord {
        var slot: PortSlot
        var users: Int
        var seen: UInt32
    }

    /// An attachment found ready or due, waiting for its callback.
    struct Due {
        var serial: UInt64
        var reason: WaitSetAttachmentId.Reason
        var ended: Bool
    }

    /// The most futex words one `futex_waitv` watches (the kernel's `FUTEX_WAITV_MAX`).
    public static let maxWakeWords = Futex.maxWaitAnyWords

    private static let serials = Atomic<UInt64>(1)

    let serial: UInt64
    /// The most attachments.
    public let capacity: Int
    let handlesSignals: Bool
    var entries: [Entry] = []
    /// The port of each entry, at the same index (`nil` for an interval).
    var sources: [WaitSetSource?] = []
    var words: [WakeWord] = []
    var found: [Due] = []
    /// The entries (indices) of each word in `words`, in the order attached.
    var wordEntries: [[Int]] = []
    /// The entries that every look asks whatever their words did (see ``mustAsk(_:)``), in the order attached.
    var askList: [Int] = []
    /// The words that moved since the last look, and the entries a look asks (scratch, kept to allocate nothing).
    var movedWords: [Int] = []
    var candidates: [Int] = []
    /// Counts looks, to ask each port once per look.
    var lookSerial: UInt64 = 0
    /// The root folders to clean up after a quiet slice: those of attached listeners and pending responses (kept
    /// after they detach; cleaning up once too often is harmless).
    var cleanupNames: [Names] = []
    /// How many entries have a deadline or are intervals (without any, a look skips the timers).
    var timedEntries = 0
    var nextSerial: UInt64 = 1
    var running = false
    /// When the WaitSet last cleaned up after dead nodes.
    var lastCleanup = ContinuousClock.now
    /// What `futex_waitv` gets: the words and the values they had when looked at (the signal word last, when
    /// there is room for it).
    let sleepWords: UnsafeMutableBufferPointer<UnsafeMutablePointer<UInt32>?>
    let sleepExpected: UnsafeMutableBufferPointer<UInt32>

    init(capacity: Int, handlesSignals: Bool) {
        serial = Self.serials.add(1, ordering: .relaxed).newValue
        self.capacity = capacity
        self.handlesSignals = handlesSignals
        entries.reserveCapacity(capacity)
        sources.reserveCapacity(capacity)
        words.reserveCapacity(Self.maxWakeWords)
        found.reserveCapacity(capacity)
        wordEntries.reserveCapacity(Self.maxWakeWords)
        askList.reserveCapacity(capacity)
        movedWords.reserveCapacity(Self.maxWakeWords)
        candidates.reserveCapacity(capacity)
        sleepWords = .allocate(capacity: Self.maxWakeWords)
        sleepWords.initialize(repeating: nil)
        sleepExpected = .allocate(capacity: Self.maxWakeWords)
        sleepExpected.initialize(repeating: 0)
    }

    deinit {
        for word in words { word.slot.endWatching() }
        sleepWords.deallocate()
        sleepExpected.deallocate()
    }

    /// The number of attachments.
    public var count: Int { entries.count }
    /// Whether nothing is attached.
    public var isEmpty: Bool { entries.isEmpty }

    // MARK: Attaching

    /// Reports every time `listener` has pending events.
    /// - Parameter listener: The listener; the WaitSet keeps it alive while attached.
    /// - Returns: The guard; drop it to detach.
    /// - Throws: ``WaitSetAttachmentError``.
    public func attachNotification(_ listener: Listener) throws(WaitSetAttachmentError) -> WaitSetGuard {
        try attach(.listener(listener), period: nil)
    }

    /// Reports every time `subscriber` has a sample waiting.
    /// - Parameter subscriber: The subscriber; the WaitSet keeps it alive while attached.
    /// - Returns: The guard; drop it to detach.
    /// - Throws: ``WaitSetAttachmentError``.
    public func attachNotification<Payload>(
        _ subscriber: Subscriber<Payload>
    ) throws(WaitSetAttachmentError) -> WaitSetGuard {
        try attach(.subscriber(subscriber), period: nil)
    }

    /// Reports every time `server` has a request waiting.
    /// - Parameter server: The server; the WaitSet keeps it alive while attached.
    /// - Returns: The guard; drop it to detach.
    /// - Throws: ``WaitSetAttachmentError``.
    public func attachNotification<Request, Response>(
        _ server: Server<Request, Response>
    ) throws(WaitSetAttachmentError) -> WaitSetGuard {
        try attach(.server(server), period: nil)
    }

    /// Reports every time a response of `pending` waits, and once when no server holds the request any more
    /// (then ``PendingResponse/isConnected`` is `false`): drop the guard then, or with the pending response.
    /// - Parameter pending: The pending response; the WaitSet keeps its client alive while attached.
    /// - Returns: The guard; drop it to detach.
    /// - Throws: ``WaitSetAttachmentError``.
    public func attachNotification<Request, Response>(
        _ pending: borrowing PendingResponse<Request, Response>
    ) throws(WaitSetAttachmentError) -> WaitSetGuard {
        try attach(.pendingResponse(pending), period: nil)
    }

    /// Reports `listener` as ready when it has pending events, and as a missed deadline
    /// (``WaitSetAttachmentId/hasMissedDeadline(_:)``) every `deadline` that passes without one.
    /// - Parameters:
    ///   - listener: The listener; ``Listener/deadline`` is the service's own, if it has one.
    ///   - deadline: Longer than zero.
    /// - Returns: The guard; drop it to detach.
    /// - Throws: ``WaitSetAttachmentError``.
    public func attachDeadline(
        _ listener: Listener, deadline: Duration
    ) throws(WaitSetAttachmentError) -> WaitSetGuard {
        try attach(.listener(listener), period: deadline)
    }

    /// Reports `subscriber` as ready when a sample waits, and as a missed deadline every `deadline` without one.
    /// - Parameters:
    ///   - subscriber: The subscriber.
    ///   - deadline: Longer than zero.
    /// - Returns: The guard; drop it to detach.
    /// - Throws: ``WaitSetAttachmentError``.
    public func attachDeadline<Payload>(
        _ subscriber: Subscriber<Payload>, deadline: Duration
    ) throws(WaitSetAttachmentError) -> WaitSetGuard {
        try attach(.subscriber(subscriber), period: deadline)
    }

    /// Reports `server` as ready when a request waits, and as a missed deadline every `deadline` without one.
    /// - Parameters:
    ///   - server: The server.
    ///   - deadline: Longer than zero.
    /// - Returns: The guard; drop it to detach.
    /// - Throws: ``WaitSetAttachmentError``.
    public func attachDeadline<Request, Response>(
        _ server: Server<Request, Response>, deadline: Duration
    ) throws(WaitSetAttachmentError) -> WaitSetGuard {
        try attach(.server(server), period: deadline)
    }

    /// Reports `pending` as ready when a response waits (or once when the stream ended), and as a missed
    /// deadline every `deadline` without one.
    /// - Parameters:
    ///   - pending: The pending response.
    ///   - deadline: Longer than zero.
    /// - Returns: The guard; drop it to detach.
    /// - Throws: ``WaitSetAttachmentError``.
    public func attachDeadline<Request, Response>(
        _ pending: borrowing PendingResponse<Request, Response>, deadline: Duration
    ) throws(WaitSetAttachmentError) -> WaitSetGuard {
        try attach(.pendingResponse(pending), period: deadline)
    }

    /// Reports every time `period` elapsed (``WaitSetAttachmentId/Reason/intervalElapsed``), first `period` after
    /// attaching; elapsed periods that a long callback skipped are reported once.
    /// - Parameter period: Longer than zero.
    /// - Returns: The guard; drop it to detach.
    /// - Throws: ``WaitSetAttachmentError``.
    public func attachInterval(_ period: Duration) throws(WaitSetAttachmentError) -> WaitSetGuard {
        try attach(nil, period: period)
    }

    private func attach(_ source: WaitSetSource?, period: Duration?) throws(WaitSetAttachmentError) -> WaitSetGuard {
        if let period, period <= .zero { throw .invalidDuration(period) }
        guard entries.count < capacity else { throw .insufficientCapacity(capacity: capacity) }
        var word = -1
        if let source {
            if sources.contains(where: { $0?.identity == source.identity }) {
                throw .alreadyAttached(port: source.identity.port)
            }
            if let index = words.firstIndex(where: { $0.slot.base == source.slot.base }) {
                word = index
            } else {
                guard words.count < Self.maxWakeWords else { throw .exceedsMaxWakeWords(limit: Self.maxWakeWords) }
                word = words.count
                // Watched from now on, so that senders bump the word (the new entry is asked at the next look).
                source.slot.beginWatching()
                words.append(
                    WakeWord(
                        slot: source.slot, users: 0,
                        seen: source.slot.wake.pointee.load(ordering: .sequentiallyConsistent)))
                wordEntries.append([])
            }
            words[word].users += 1
            if source.needsCleanup, !cleanupNames.contains(where: {
                $0.config.rootPath == source.names.config.rootPath && $0.config.prefix == source.names.config.prefix
            }) {
                cleanupNames.append(source.names)
            }
        }
        let attachment = nextSerial
        nextSerial += 1
        if period != nil { timedEntries += 1 }
        entries.append(
            Entry(
                serial: attachment, canEnd: source?.hasEnded != nil, period: period,
                due: ContinuousClock.now + (period ?? .zero), word: word))
        if source != nil {
            // New: asked at the next look.
            wordEntries[word].append(entries.count - 1)
            askList.append(entries.count - 1)
        }
        sources.append(source)
        let reason: WaitSetAttachmentId.Reason = source == nil ? .intervalElapsed : .ready
        let id = WaitSetAttachmentId(waitSet: serial, attachment: attachment, reason: reason)
        return WaitSetGuard(waitSet: self, id: id)
    }

    /// Removes the attachment `attachment` (its guard went).
    func detach(_ attachment: UInt64) {
        guard let index = entries.firstIndex(where: { $0.serial == attachment }) else { return }
        // The entry's source may hold the last reference to its port, whose service segment holds the slot: it
        // goes only after the slot was last touched (else the port's memory is unmapped under `endWatching`).
        let removed = entries.remove(at: index)
        let removedSource = sources.remove(at: index)
        defer { withExtendedLifetime(removedSource) {} }
        if removed.period != nil { timedEntries -= 1 }
        defer { reindex() }
        let word = removed.word
        guard word >= 0 else { return }
        words[word].users -= 1
        guard words[word].users == 0 else { return }
        words[word].slot.endWatching()
        words.remove(at: word)
        for position in entries.indices where entries[position].word > word { entries[position].word -= 1 }
    }

    /// Rebuilds `wordEntries` and `askList` after entries moved (a detach shifts the indices behind it).
    private func reindex() {
        wordEntries = Array(repeating: [], count: words.count)
        askList.removeAll(keepingCapacity: true)
        for index in entries.indices where entries[index].hasSource {
            wordEntries[entries[index].word].append(index)
            if mustAsk(index) { askList.append(index) }
        }
    }

    /// Whether `attachment` is still attached (a callback may drop guards of attachments found ready with it).
    func isAttached(_ attachment: UInt64) -> Bool { entries.contains { $0.serial == attachment } }
}
