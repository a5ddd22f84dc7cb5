import IPCConcepts
import IPCPlatform
import Synchronization

/// The layout of a service's segment: header, creation state, registration count, change counter, static config
/// text, then the dynamic config (node slots and the pattern's two port tables: clients and servers, or publishers
/// and subscribers). Everything is addressed by offset.
struct ServiceLayout {
    static let stateOffset = 64
    static let creatorOffset = 72
    static let registrationOffset = 128
    static let changeCounterOffset = 192
    static let staticConfigOffset = 256
    static let staticConfigCapacity = 8192
    static let portSlotSize = 64

    let nodeSlotsOffset: Int
    let clientSlotsOffset: Int
    let serverSlotsOffset: Int
    let patternAreaOffset: Int
    let totalSize: Int

    init(tables: PortTables) {
        nodeSlotsOffset = Self.staticConfigOffset + Self.staticConfigCapacity
        clientSlotsOffset = alignUp(nodeSlotsOffset + tables.nodes * 8, to: 64)
        serverSlotsOffset = clientSlotsOffset + tables.first * Self.portSlotSize
        patternAreaOffset = serverSlotsOffset + tables.second * Self.portSlotSize
        totalSize = patternAreaOffset + tables.patternAreaSize
    }
}

/// The registration word's top bit: the last user left and the segment is being removed; nobody may join.
let destroyedBit: UInt64 = 1 << 63

/// A view of a mapped service segment.
struct ServiceSegment {
    let base: UnsafeMutableRawPointer
    let layout: ServiceLayout
    let tables: PortTables

    init(base: UnsafeMutableRawPointer, tables: PortTables) {
        self.base = base
        self.tables = tables
        layout = ServiceLayout(tables: tables)
    }

    var state: UnsafeMutablePointer<Atomic<UInt32>> { atomic(ServiceLayout.stateOffset) }
    var creator: UnsafeMutablePointer<Atomic<UInt64>> { atomic(ServiceLayout.creatorOffset) }
    var registration: UnsafeMutablePointer<Atomic<UInt64>> { atomic(ServiceLayout.registrationOffset) }
    var changeCounter: UnsafeMutablePointer<Atomic<UInt64>> { atomic(ServiceLayout.changeCounterOffset) }

    func nodeSlot(_ index: Int) -> UnsafeMutablePointer<Atomic<UInt64>> { atomic(layout.nodeSlotsOffset + index * 8) }
    /// A slot of the first port table: a client, or a publisher.
    func clientSlot(_ index: Int) -> PortSlot {
        PortSlot(base: base + layout.clientSlotsOffset + index * ServiceLayout.portSlotSize)
    }
    /// A slot of the second port table: a server, or a subscriber.
    func serverSlot(_ index: Int) -> PortSlot {
        PortSlot(base: base + layout.serverSlotsOffset + index * ServiceLayout.portSlotSize)
    }
    /// The bytes after the port tables that only the pattern interprets (``PortTables/patternAreaSize``).
    var patternArea: UnsafeMutableRawPointer { base + layout.patternAreaOffset }
    /// A publisher's slot (the first port table).
    func publisherSlot(_ index: Int) -> PortSlot { clientSlot(index) }
    /// A subscriber's slot (the second port table).
    func subscriberSlot(_ index: Int) -> PortSlot { serverSlot(index) }

    private func atomic<T: AtomicRepresentable>(_ offset: Int) -> UnsafeMutablePointer<Atomic<T>> {
        (base + offset).assumingMemoryBound(to: Atomic<T>.self)
    }

    /// Tells every port that the set of ports changed.
    func announceChange() { changeCounter.pointee.wrappingAdd(1, ordering: .sequentiallyConsistent) }

    /// Takes the first free port slot for `node`, among `count` slots named by `slot` (``clientSlot(_:)`` or
    /// ``serverSlot(_:)``).
    /// - Returns: The slot's index, or `nil` when all are taken.
    func claimPortSlot(count: Int, node: UInt64, _ slot: (Int) -> PortSlot) -> Int? {
        for index in 0..<count
        where slot(index).node.pointee.compareExchange(
            expected: 0, desired: node, ordering: .sequentiallyConsistent
        ).exchanged {
            // Only the owner's process waits on a slot: a count its previous owner left behind (it died while
            // waiting) would make every send wake nobody.
            slot(index).waiting.pointee.store(0, ordering: .sequentiallyConsistent)
            return index
        }
        return nil
    }

    /// Frees `slot` if the port `port` still holds it (a cleaner may have freed it already), and tells every port.
    func unregister(_ slot: PortSlot, port: UInt64) {
        guard slot.port.pointee.load(ordering: .acquiring) == port else { return }
        slot.release()
        announceChange()
    }

    /// The number of nodes registered in the service.
    var numberOfNodes: Int { (0..<tables.nodes).count { nodeSlot($0).pointee.load(ordering: .acquiring) != 0 } }

    /// The number of ports registered in the first table (clients, publishers).
    var numberOfFirstPorts: Int {
        (0..<tables.first).count { clientSlot($0).port.pointee.load(ordering: .acquiring) != 0 }
    }

    /// The number of ports registered in the second table (servers, subscribers).
    var numberOfSecondPorts: Int {
        (0..<tables.second).count { serverSlot($0).port.pointee.load(ordering: .acquiring) != 0 }
    }

    /// Whether `port` holds a client or server slot of the service.
    func isRegistered(port: UInt64) -> Bool {
        (0..<tables.first).contains { clientSlot($0).port.pointee.load(ordering: .sequentiallyConsistent) == port }
            || (0..<tables.second).contains {
                serverSlot($0).port.pointee.load(ordering: .sequentiallyConsistent) == port
            }
    }

    /// Takes a free node slot for `node`; `nil` when all are taken.
    func claimNodeSlot(node: UInt64) -> Int? {
        for index in 0..<tables.nodes
        where nodeSlot(index).pointee.compareExchange(
            expected: 0, desired: node, ordering: .sequentiallyConsistent
        ).exchanged {
            return index
        }
        return nil
    }

    /// Joins the service unless it is being removed.
    func join() -> Bool {
        var current = registration.pointee.load(ordering: .sequentiallyConsistent)
        while true {
            if current & destroyedBit != 0 { return false }
            let (exchanged, found) = registration.pointee.compareExchange(
                expected: current, desired: current + 1, ordering: .sequentiallyConsistent)
            if exchanged { return true }
            current = found
        }
    }

    /// Leaves the service; returns `true` when this was the last user, who must then remove the segment.
    func leave() -> Bool {
        var current = registration.pointee.load(ordering: .sequentiallyConsistent)
        while true {
            let desired = current & ~destroyedBit <= 1 ? destroyedBit : current - 1
            let (exchanged, found) = registration.pointee.compareExchange(
                expected: current, desired: desired, ordering: .sequentiallyConsistent)
            if exchanged { return desired == destroyedBit }
            current = found
        }
    }

    /// Removes a node slot and leaves; returns `true` when the caller must remove the segment.
    func release(nodeSlot index: Int, node: UInt64) -> Bool {
        guard
            nodeSlot(index).pointee.compareExchange(
                expected: node, desired: 0, ordering: .sequentiallyConsistent
            ).exchanged
        else { return false }
        return leave()
    }

    /// A view of a mapped service segment that is ready and readable: our header, a static config of a known
    /// pattern, and a mapping as large as that config's layout. `nil` for anything else (corrupt, still being
    /// created, another layout version).
    static func readable(_ mapping: SharedMemoryMapping) -> (segment: ServiceSegment, pattern: MessagingPattern)? {
        guard mapping.size > staticConfigMinimumSize,
            (try? SegmentHeader.read(from: mapping.base, size: mapping.size, kind: .service)) != nil,
            (mapping.base + ServiceLayout.stateOffset).assumingMemoryBound(to: Atomic<UInt32>.self).pointee.load(
                ordering: .acquiring) == ServiceState.ready,
            let (pattern, tables) = portTables(of: StaticConfigFields(staticConfigText(base: mapping.base))),
            ServiceLayout(tables: tables).totalSize <= mapping.size
        else { return nil }
        return (ServiceSegment(base: mapping.base, tables: tables), pattern)
    }

    private static let staticConfigMinimumSize = ServiceLayout.staticConfigOffset + 4

    /// Reads the static config text.
    static func staticConfigText(base: UnsafeRawPointer) -> String {
        let length = Int(base.load(fromByteOffset: ServiceLayout.staticConfigOffset, as: UInt32.self))
        let bytes = UnsafeRawBufferPointer(
            start: base + ServiceLayout.staticConfigOffset + 4,
            count: min(length, ServiceLayout.staticConfigCapacity - 4))
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// A client or server slot in the dynamic config (64 bytes).
///
/// `node` is claimed first and `port` set last, so a cleaner can always attribute a slot to its node; peers treat
/// a slot with `port != 0` as a connected port. `wake`/`waiting` form the port's futex. `waiting` holds two counts:
/// its high 16 bits count the waiters that sleep on `wake` (the port's own wait, a sleeping ``WaitSet``), its low
/// 16 bits the watchers (``WaitSet``s the port is attached to, which only compare `wake` with what they saw last).
/// A sender bumps `wake` when either count is not zero and calls `FUTEX_WAKE` only for sleepers, so the steady
/// state makes no system call. Counts, not flags: each waiter adds its share before it looks for data and takes it
/// away when it stops, so one leaving never hides another from the senders.
struct PortSlot {
    let base: UnsafeMutableRawPointer
    var node: UnsafeMutablePointer<Atomic<UInt64>> { base.assumingMemoryBound(to: Atomic<UInt64>.self) }
    var port: UnsafeMutablePointer<Atomic<UInt64>> { (base + 8).assumingMemoryBound(to: Atomic<UInt64>.self) }
    var wake: UnsafeMutablePointer<Atomic<UInt32>> { (base + 16).assumingMemoryBound(to: Atomic<UInt32>.self) }
    var waiting: UnsafeMutablePointer<Atomic<UInt32>> { (base + 20).assumingMemoryBound(to: Atomic<UInt32>.self) }

    /// Frees the slot: `port` first, so that peers stop seeing a connected port before `node` gives up the claim
    /// (a cleaner attributes a slot to its node as long as `node` is set).
    func release() {
        port.pointee.store(0, ordering: .sequentiallyConsistent)
        node.pointee.store(0, ordering: .sequentiallyConsistent)
    }

    /// What a waiter that sleeps on `wake` adds to `waiting`.
    static let sleeper: UInt32 = 1 << 16
    /// What a watcher adds to `waiting`.
    static let watcher: UInt32 = 1

    /// One more sleeper: from now on every sender bumps and wakes `wake` (pair it with ``endWaiting()``).
    @inline(__always)
    func beginWaiting() { waiting.pointee.add(Self.sleeper, ordering: .sequentiallyConsistent) }

    /// A sleeper stopped waiting.
    @inline(__always)
    func endWaiting() { waiting.pointee.subtract(Self.sleeper, ordering: .sequentiallyConsistent) }

    /// One more watcher: from now on every sender bumps `wake`, without a system call, so that a ``WaitSet`` sees
    /// which of its ports moved by comparing words instead of asking every port (pair it with ``endWatching()``).
    func beginWatching() { waiting.pointee.add(Self.watcher, ordering: .sequentiallyConsistent) }

    /// A watcher went.
    func endWatching() { waiting.pointee.subtract(Self.watcher, ordering: .sequentiallyConsistent) }

    /// Tells waiters and watchers of the port that something arrived. Called after publishing data; the fence
    /// orders the publication before the `waiting` check against the waiter's "announce, then check for data"
    /// (Dekker).
    @inline(__always)
    func notify() {
        atomicMemoryFence(ordering: .sequentiallyConsistent)
        let announced = waiting.pointee.load(ordering: .relaxed)
        if announced != 0 {
            wake.pointee.wrappingAdd(1, ordering: .sequentiallyConsistent)
            if announced >= Self.sleeper { Futex.wakeAll(wake) }
        }
    }
}
