import IPCConcepts
import IPCPlatform

/// The data segments a sending port owns, with process-local chunk bookkeeping.
///
/// Each chunk has a reference count (the sender's own loan plus one per peer that holds it) and a per-peer "held"
/// flag, so that a peer that disconnects or dies gives back exactly what it held. Growing creates a new segment
/// in a free slot; a retired segment is unlinked and unmapped as soon as its last chunk comes back. All
/// bookkeeping lives in buffers allocated with the segment and is reached through plain values, so the steady
/// state neither allocates nor touches a reference count, copy-on-write or exclusivity check.
final class SenderSegments {
    /// A data segment's bookkeeping: plain values and buffers (its mapping is owned beside it).
    struct Segment {
        let base: UnsafeMutableRawPointer
        let generation: UInt32
        let geometry: ChunkGeometry
        let pool: ChunkPool
        let references: FixedBuffer<Int32>
        let held: FixedBuffer<Bool>

        init(base: UnsafeMutableRawPointer, generation: UInt32, geometry: ChunkGeometry, chunks: Int, peers: Int) {
            self.base = base
            self.generation = generation
            self.geometry = geometry
            pool = ChunkPool(count: chunks)
            references = FixedBuffer(repeating: 0, count: chunks)
            held = FixedBuffer(repeating: false, count: chunks * peers)
        }

        func deallocate() {
            pool.deallocate()
            references.deallocate()
            held.deallocate()
        }
    }

    private struct State {
        var current = 0
        var nextGeneration: UInt32 = 1
        var retired = 0
    }

    static let maxSegments = 255

    let stem: String
    let message: MessageLayout
    let chunkCount: Int
    let peers: Int
    let strategy: AllocationStrategy
    /// The owning port's id, written into every loaned chunk's header.
    let origin: UInt64
    /// Bytes of the user header zeroed at loan (0: none); a stored copy, so a loan copies no descriptor.
    private let userHeaderSize: Int
    /// Per slot, the segment's bookkeeping (allocated once per segment: one word per slot, read in place).
    private let slots = FixedBuffer<UnsafeMutablePointer<Segment>?>(repeating: nil, count: maxSegments)
    private let mappings = FixedBuffer<SharedMemoryMapping?>(repeating: nil, count: maxSegments)
    private let state = FixedBuffer(repeating: State(), count: 1)
    /// Per peer: the chunks it holds (delivered and not yet given back).
    private let heldCounts: FixedBuffer<Int>
    /// Segments handed over to peers by ``handOver(holderPort:)``, until ``finishHandOver(isRegistered:)``.
    private var handedOver: [SharedMemoryMapping] = []

    init(
        stem: String, origin: UInt64, message: MessageLayout, initialCapacity: Int, chunkCount: Int, peers: Int,
        strategy: AllocationStrategy
    ) throws(LoanError) {
        self.stem = stem
        self.origin = origin
        self.message = message
        userHeaderSize = message.userHeader?.size ?? 0
        self.chunkCount = chunkCount
        self.peers = peers
        self.strategy = strategy
        heldCounts = FixedBuffer(repeating: 0, count: peers)
        // Every stored property is initialised here, so if this throws, `deinit` runs and frees the buffers.
        try makeSegment(in: 0, capacity: max(1, initialCapacity))
    }

    deinit {
        for index in 0..<Self.maxSegments { remove(index) }
        slots.deallocate()
        mappings.deallocate()
        state.deallocate()
        heldCounts.deallocate()
    }

    /// The name of the data segment with `generation`.
    static func name(stem: String, generation: UInt32) -> String { "\(stem)_d\(generation)" }

    private func makeSegment(in slot: Int, capacity: Int) throws(LoanError) {
        let generation = state[0].nextGeneration
        state[0].nextGeneration = generation == 0xFF_FFFF ? 1 : generation + 1
        let geometry = ChunkGeometry(message: message, capacity: capacity, peers: peers)
        let size = geometry.dataStart + geometry.stride * chunkCount
        let mapping: SharedMemoryMapping
        do {
            mapping = try SharedMemoryMapping.create(name: Self.name(stem: stem, generation: generation), size: size)
        } catch {
            throw .internalFailure("creating a data segment of \(size) bytes: \(error)")
        }
        SegmentHeader(
            kind: .data, size: size,
            words: (
                UInt64(geometry.stride), UInt64(chunkCount), UInt64(geometry.payloadOffset),
                UInt64(capacity), UInt64(geometry.dataStart)
            )
        ).write(to: mapping.base)
        mappings[slot] = mapping
        let segment = UnsafeMutablePointer<Segment>.allocate(capacity: 1)
        segment.initialize(
            to: Segment(
                base: mapping.base, generation: generation, geometry: geometry, chunks: chunkCount, peers: peers))
        slots[slot] = segment
    }

    /// Unlinks (unless `unlink` is false), unmaps and forgets the segment in `slot`, if any.
    private func remove(_ slot: Int, unlink: Bool = true) {
        guard let segment = slots[slot] else { return }
        if unlink, let mapping = mappings[slot] { SharedMemoryMapping.unlink(name: mapping.name) }
        segment.pointee.deallocate()
        segment.deinitialize(count: 1)
        segment.deallocate()
        slots[slot] = nil
        mappings[slot] = nil
    }

    /// Zeroes the payload of a loan of `count` elements.
    func zeroPayload(_ payload: UnsafeMutableRawPointer, count: Int) {
        payload.initializeMemory(as: UInt8.self, repeating: 0, count: count * message.elementSize)
    }

    /// The largest slice the current segment holds.
    var currentCapacity: Int { slots[state[0].current].unsafelyUnwrapped.pointee.geometry.capacity }

    /// Takes a chunk for `count` elements, growing per the strategy when needed, and writes its header: the count,
    /// the origin, the announced next chunk, and a zeroed user header (a free chunk is never announced, see `free`).
    /// - Returns: The chunk reference and its first byte.
    @inline(__always)
    func loan(count: Int) throws(LoanError) -> (ref: UInt64, chunk: UnsafeMutableRawPointer) {
        var current = state[0].current
        if count > slots[current].unsafelyUnwrapped.pointee.geometry.capacity {
            try grow(to: count)
            current = state[0].current
        }
        let segment = slots[current].unsafelyUnwrapped
        guard let chunk = segment.pointee.pool.allocate() else { throw .outOfMemory }
        segment.pointee.references[Int(chunk)] = 1
        let geometry = segment.pointee.geometry
        let pointer = segment.pointee.base + (geometry.dataStart &+ Int(chunk) &* geometry.stride)
        pointer.storeBytes(of: segment.pointee.pool.next, toByteOffset: ChunkHeader.nextChunkOffset, as: UInt32.self)
        pointer.storeBytes(of: UInt64(count), toByteOffset: ChunkHeader.countOffset, as: UInt64.self)
        pointer.storeBytes(of: origin, toByteOffset: ChunkHeader.originOffset, as: UInt64.self)
        if let end = message.payloadEndToPush(count: count) { CacheLineHints.prefetchForWriting(pointer + end) }
        if userHeaderSize != 0 {
            (pointer + message.userHeaderOffset).initializeMemory(as: UInt8.self, repeating: 0, count: userHeaderSize)
        }
        return (ChunkRef.make(slot: current, generation: segment.pointee.generation, chunk: chunk), pointer)
    }

    /// ``loan(count:)``, taking back returned chunks with `reclaim` and trying once more when the pool is empty:
    /// returns are taken in batches, so an empty pool may only mean that they are still queued.
    @inline(__always)
    func loan(
        count: Int, reclaimingWith reclaim: () -> Void
    ) throws(LoanError) -> (ref: UInt64, chunk: UnsafeMutableRawPointer) {
        do {
            return try loan(count: count)
        } catch .outOfMemory {
            reclaim()
            return try loan(count: count)
        }
    }

    /// Before the message in `chunk` is published: pushes the line where its payload ends to the shared cache, if
    /// this sender does (see `MessageLayout.pushesPayloadEnd`).
    @inline(__always)
    func pushPayloadEnd(of chunk: UnsafeMutableRawPointer) {
        let count = Int(truncatingIfNeeded: chunk.load(fromByteOffset: ChunkHeader.countOffset, as: UInt64.self))
        if let end = message.payloadEndToPush(count: count) { CacheLineHints.demote(chunk + end) }
    }

    private func grow(to count: Int) throws(LoanError) {
        let capacity: Int
        switch strategy {
        case .static: throw .exceedsMaxLoanSize(requested: count, maximum: currentCapacity)
        case .bestFit: capacity = count
        case .powerOfTwo:
            var power = 1
            while power < count { power <<= 1 }
            capacity = power
        }
        var free: Int?
        for index in 0..<Self.maxSegments where slots[index] == nil {
            free = index
            break
        }
        guard let free else { throw .exceedsMaxNumberOfSegments }
        try makeSegment(in: free, capacity: capacity)
        let old = state[0].current
        state[0].current = free
        state[0].retired += 1
        retireIfUnused(old)
    }

    private func retireIfUnused(_ slot: Int) {
        guard slot != state[0].current, let segment = slots[slot], segment.pointee.pool.isUnused else { return }
        remove(slot)
        state[0].retired -= 1
    }

    /// Whether the owner should take back returned chunks now: when the current segment runs low, or when an old
    /// segment waits for its last chunks to be removed. Otherwise returns are processed in batches, which keeps
    /// the other process's queue lines out of the hot path.
    @inline(__always)
    var wantsReturns: Bool {
        let state = self.state[0]
        return state.retired > 0 || slots[state.current].unsafelyUnwrapped.pointee.pool.freeCount &* 2 < chunkCount
    }

    /// The segment a reference names, if it still exists; references from peers are checked, so a wrong one is
    /// ignored instead of corrupting the bookkeeping.
    @inline(__always)
    private func segment(for ref: UInt64) -> UnsafeMutablePointer<Segment>? {
        guard ChunkRef.chunk(ref) < chunkCount, let segment = slots[ChunkRef.slot(ref)],
            segment.pointee.generation == ChunkRef.generation(ref)
        else { return nil }
        return segment
    }

    /// Records that `peer` now holds the chunk.
    @inline(__always)
    func markDelivered(_ ref: UInt64, peer: Int) {
        guard let segment = segment(for: ref) else { return }
        let chunk = ChunkRef.chunk(ref)
        segment.pointee.held[peer &* chunkCount &+ chunk] = true
        segment.pointee.references[chunk] &+= 1
        heldCounts[peer] &+= 1
    }

    /// The number of chunks `peer` holds: delivered to it and not given back yet (some may wait in its return queue).
    @inline(__always)
    func heldCount(peer: Int) -> Int { heldCounts[peer] }

    /// Drops the sender's own reference (after sending, or when a loan is dropped).
    @inline(__always)
    func releaseOwn(_ ref: UInt64) {
        guard let segment = segment(for: ref) else { return }
        dropReference(segment, ChunkRef.chunk(ref), slot: ChunkRef.slot(ref))
    }

    /// A peer gave the chunk back (return queue or overflow eviction).
    @inline(__always)
    func returned(_ ref: UInt64, peer: Int) {
        guard let segment = segment(for: ref) else { return }
        let chunk = ChunkRef.chunk(ref)
        let index = peer &* chunkCount &+ chunk
        guard segment.pointee.held[index] else { return }
        segment.pointee.held[index] = false
        heldCounts[peer] &-= 1
        dropReference(segment, chunk, slot: ChunkRef.slot(ref))
    }

    /// A peer disconnected or died: everything it held comes back.
    func releaseAll(peer: Int) {
        for slot in 0..<Self.maxSegments {
            guard let segment = slots[slot] else { continue }
            for chunk in 0..<chunkCount where segment.pointee.held[peer * chunkCount + chunk] {
                segment.pointee.held[peer * chunkCount + chunk] = false
                dropReference(segment, chunk, slot: slot, retire: false)
            }
            // Only now: removing the segment frees the bookkeeping the loop reads.
            if slot != state[0].current { retireIfUnused(slot) }
        }
        heldCounts[peer] = 0
    }

    /// Drops one reference to `chunk`; the last one gives the chunk back to the pool and, with `retire`, removes an
    /// old segment whose last chunk that was (then `segment` must not be used any more).
    @inline(__always)
    private func dropReference(_ segment: UnsafeMutablePointer<Segment>, _ chunk: Int, slot: Int, retire: Bool = true) {
        segment.pointee.references[chunk] &-= 1
        if segment.pointee.references[chunk] == 0 {
            free(segment, chunk)
            if retire && slot != state[0].current { retireIfUnused(slot) }
        }
    }

    /// Puts a chunk nobody references back into the pool, withdrawing its last announcement first: a receiver that
    /// expects the chunk may use the same queue tag and positions as the one it was announced to (a port that took
    /// the slot of one that left starts its queues at 0 again), so a free chunk must not look published.
    @inline(__always)
    private func free(_ segment: UnsafeMutablePointer<Segment>, _ chunk: Int) {
        let geometry = segment.pointee.geometry
        ChunkPublication.retract(segment.pointee.base + (geometry.dataStart &+ chunk &* geometry.stride))
        segment.pointee.pool.release(UInt32(chunk))
    }

    // MARK: Leaving

    /// The sender leaves: each segment in which a peer still holds a message is handed over to those peers (see
    /// `SegmentHandover`) instead of being unlinked, so that they can still map it and read what was sent; the
    /// others are removed. Call before the port unregisters, then ``finishHandOver(isRegistered:)`` after.
    /// - Parameter holderPort: The port id of the peer in slot `peer`, 0 when none is connected.
    func handOver(holderPort: (Int) -> UInt64) {
        for slot in 0..<Self.maxSegments {
            guard let segment = slots[slot], let mapping = mappings[slot] else { continue }
            var holders: [UInt64] = []
            for peer in 0..<peers {
                let port = holderPort(peer)
                if port != 0, (0..<chunkCount).contains(where: { segment.pointee.held[peer * chunkCount + $0] }) {
                    holders.append(port)
                }
            }
            if holders.isEmpty {
                remove(slot)
            } else {
                SegmentHandover.handOver(mapping, holders: holders)
                handedOver.append(mapping)
                remove(slot, unlink: false)
            }
        }
    }

    /// After the port unregistered: clears the claims of peers that are gone, then the sender's own claim;
    /// segments nobody claims any more are unlinked.
    func finishHandOver(isRegistered: (UInt64) -> Bool) {
        for mapping in handedOver { SegmentHandover.finishHandOver(mapping, isRegistered: isRegistered) }
        handedOver = []
    }

    /// The number of data segments that currently exist.
    var segmentCount: Int { (0..<Self.maxSegments).count { slots[$0] != nil } }
}
