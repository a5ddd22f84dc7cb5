import IPCConcepts
import IPCPlatform

/// A chunk a receiver resolved: its first byte and its element count, checked against the segment's capacity once,
/// so a sender that writes a wrong count cannot make a receiver read beyond the chunk.
@usableFromInline
struct ResolvedChunk {
    @usableFromInline var chunk: UnsafeMutableRawPointer
    @usableFromInline var count: Int
    /// Where the sender's next message probably is: the chunk its header announces, or this one (see
    /// `ExpectedMessage`).
    var next: UnsafeRawPointer
    /// The chunk reference of `next`.
    var nextRef: UInt64
}

/// A receiver's lazily mapped view of one peer's data segments.
///
/// Messages handed to the user point into these mappings, so each segment counts the messages it holds
/// (``take(_:)`` and ``release(_:)``): a segment the sender replaced is unmapped when its last message is dropped,
/// and a peer that disconnects keeps its mappings (see ``isInUse``) until the port has seen every message go. The
/// counts are plain integers in buffers allocated once: a port is used from one thread at a time, and the hot path
/// takes no lock and touches no reference count.
final class ReceiverSegments {
    struct Entry {
        var generation: UInt32 = 0
        var base: UnsafeMutableRawPointer?
        var size = 0
        var dataStart = 0
        var stride = 0
        var capacity = 0
        /// The number of chunks in the segment.
        var chunks = 0
        /// Messages in this segment that the user still holds.
        var held = 0
        /// The sender moved on to a newer segment: unmap when `held` reaches zero.
        var retired = false
    }

    let stem: String
    private let entries = FixedBuffer(repeating: Entry(), count: SenderSegments.maxSegments)
    private let mappings = FixedBuffer<SharedMemoryMapping?>(repeating: nil, count: SenderSegments.maxSegments)
    private let held = FixedBuffer(repeating: 0, count: 1)
    private let unmapCount = FixedBuffer(repeating: 0, count: 1)

    init(stem: String) { self.stem = stem }

    /// How often a segment was unmapped: pointers into the mappings taken before it changed may dangle.
    var unmaps: UnsafePointer<Int> { UnsafePointer(unmapCount.base) }

    deinit {
        entries.deallocate()
        mappings.deallocate()
        held.deallocate()
        unmapCount.deallocate()
    }

    /// Whether the user still holds a message in one of these segments.
    var isInUse: Bool { held[0] != 0 }

    /// Maps the peer's first data segment right away, so that messages sent just before the peer exits (and
    /// removes its segment) can still be read.
    func prefetch() {
        _ = resolve(ChunkRef.make(slot: 0, generation: 1, chunk: 0))
    }

    /// The first byte and element count of the chunk `ref` names, mapping its segment on first use.
    /// - Returns: `nil` when the segment cannot be mapped (its owner is gone) or the chunk is invalid.
    @inline(__always)
    func resolve(_ ref: UInt64) -> ResolvedChunk? {
        let slot = ChunkRef.slot(ref)
        let generation = ChunkRef.generation(ref)
        if entries[slot].generation != generation || entries[slot].base == nil {
            guard map(slot: slot, generation: generation) else { return nil }
        }
        let entry = entries[slot]
        guard let base = entry.base else { return nil }
        let offset = entry.dataStart &+ ChunkRef.chunk(ref) &* entry.stride
        guard offset &+ entry.stride <= entry.size else { return nil }
        let chunk = base + offset
        let count = chunk.load(fromByteOffset: ChunkHeader.countOffset, as: UInt64.self)
        guard count <= UInt64(entry.capacity) else { return nil }
        let nextChunk = Int(chunk.load(fromByteOffset: ChunkHeader.nextChunkOffset, as: UInt32.self))
        guard nextChunk < entry.chunks else {
            return ResolvedChunk(chunk: chunk, count: Int(count), next: chunk, nextRef: ref)
        }
        return ResolvedChunk(
            chunk: chunk, count: Int(count), next: base + (entry.dataStart &+ nextChunk &* entry.stride),
            nextRef: ref & ~0xFFFF_FFFF | UInt64(nextChunk))
    }

    /// Records that the user now holds the message in the chunk `ref` (resolved just before).
    @inline(__always)
    func take(_ ref: UInt64) {
        entries[ChunkRef.slot(ref)].held &+= 1
        held[0] &+= 1
    }

    /// The user dropped the message in the chunk `ref`: unmaps a retired segment when it was its last.
    @inline(__always)
    func release(_ ref: UInt64) {
        let slot = ChunkRef.slot(ref)
        guard entries[slot].generation == ChunkRef.generation(ref), entries[slot].held > 0 else { return }
        entries[slot].held &-= 1
        held[0] &-= 1
        if entries[slot].retired && entries[slot].held == 0 { unmap(slot) }
    }

    private func unmap(_ slot: Int) {
        unmapCount[0] &+= 1
        entries[slot] = Entry()
        mappings[slot] = nil
    }

    private func map(slot: Int, generation: UInt32) -> Bool {
        // A slot is reused by the sender only after all its chunks came back, so messages still held in it mean a
        // confused sender: refuse rather than unmap memory the user reads.
        guard entries[slot].held == 0,
            let mapping = try? SharedMemoryMapping.open(name: SenderSegments.name(stem: stem, generation: generation)),
            let header = try? SegmentHeader.read(from: mapping.base, size: mapping.size, kind: .data)
        else { return false }
        // A newer segment means the sender grew: forget older mappings so their memory can be freed, each as soon
        // as the messages that still use it are dropped. A late chunk from one maps it again.
        for index in 0..<SenderSegments.maxSegments
        where index != slot && entries[index].base != nil && entries[index].generation < generation {
            if entries[index].held == 0 { unmap(index) } else { entries[index].retired = true }
        }
        unmapCount[0] &+= 1  // the mapping this replaces, if any, goes
        mappings[slot] = mapping
        entries[slot] = Entry(
            generation: generation, base: mapping.base, size: mapping.size, dataStart: Int(header.words.4),
            stride: Int(header.words.0), capacity: Int(header.words.3), chunks: Int(header.words.1))
        return true
    }
}

/// The segments of peers that left while the user still held messages from them, by the peer's port id: kept
/// mapped until the last of those messages is dropped.
struct LingeringSegments {
    private var byPort: [UInt64: ReceiverSegments] = [:]

    /// Keeps `segments` of the peer `port` if the user still holds messages in them.
    mutating func keepIfInUse(_ segments: ReceiverSegments?, port: UInt64) {
        if let segments, segments.isInUse { byPort[port] = segments }
    }

    /// A message from the departed peer `port` was dropped: unmaps its segments after the last one.
    mutating func release(_ ref: UInt64, port: UInt64) {
        guard let segments = byPort[port] else { return }
        segments.release(ref)
        if !segments.isInUse { byPort[port] = nil }
    }
}
