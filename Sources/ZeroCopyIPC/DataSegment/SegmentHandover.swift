import IPCConcepts
import IPCPlatform
import Synchronization

/// How a data segment (and a publisher's control segment, which holds its subscribers' queues) outlives the port
/// that sent from it, so that nothing sent is lost when its sender leaves.
///
/// Receivers map a sender's data segments lazily, by name, when they first meet a message in one. A sender that
/// leaves gracefully therefore does not unlink a segment in which peers still hold (or have queued) messages: it
/// *hands the segment over* to those peers, writing their port ids into the segment's hand-over area, and each
/// peer gives up its claim (``release(base:port:)``) when it has forgotten the sender. Whoever gives up the last
/// claim unlinks the segment. Claims of ports that are no longer registered in the service (they left, or their
/// process died) are cleared by ``sweep(base:isRegistered:)``, which the leaving sender runs after it unregistered
/// and dead-node cleanup runs after it cleared a dead node's slots; with both orders sequentially consistent,
/// either the receiver sees the sender gone and finds its claim, or the sender's sweep sees the receiver gone.
///
/// The area follows the segment header: a claim count, then one port id per peer slot; the header's fifth word
/// says where the area ends (data segments and publisher control segments have one; other segments have none).
/// A live sender keeps the count at 0; a handed-over segment counts its claims plus one for the sender itself while it writes them, so a
/// peer that clears its claim early can never take the count to zero before every claim is written.
enum SegmentHandover {
    static let countOffset = SegmentHeader.byteSize
    static let claimsOffset = countOffset + 8

    /// The bytes the area takes in a segment shared with `peers` peer slots.
    static func areaSize(peers: Int) -> Int { 8 + 8 * peers }

    private static func count(_ base: UnsafeMutableRawPointer) -> UnsafeMutablePointer<Atomic<UInt64>> {
        (base + countOffset).assumingMemoryBound(to: Atomic<UInt64>.self)
    }

    private static func claim(_ base: UnsafeMutableRawPointer, _ index: Int) -> UnsafeMutablePointer<Atomic<UInt64>> {
        (base + claimsOffset + index * 8).assumingMemoryBound(to: Atomic<UInt64>.self)
    }

    /// The number of claim entries in a mapped segment (its contents start after them): 0 for a segment without a
    /// hand-over area.
    private static func claimCapacity(_ base: UnsafeMutableRawPointer, size: Int) -> Int {
        let header =
            (try? SegmentHeader.read(from: base, size: size, kind: .data))
            ?? (try? SegmentHeader.read(from: base, size: size, kind: .portControl))
        guard let header else { return 0 }
        return max(0, (min(Int(header.words.4), size) - claimsOffset) / 8)
    }

    /// Hands the segment to `holders` (port ids, none 0; at most one per peer slot the segment was made for). The
    /// sender keeps one claim of its own, which ``dropSenderClaim(base:)`` gives up once the sender has
    /// unregistered and swept.
    static func handOver(_ mapping: SharedMemoryMapping, holders: [UInt64]) {
        let capacity = claimCapacity(mapping.base, size: mapping.size)
        guard capacity > 0 else { return }
        let claims = holders.prefix(capacity)
        count(mapping.base).pointee.store(UInt64(claims.count + 1), ordering: .sequentiallyConsistent)
        for (index, port) in claims.enumerated() {
            claim(mapping.base, index).pointee.store(port, ordering: .sequentiallyConsistent)
        }
    }

    /// Gives up the sender's own claim. - Returns: Whether that was the last claim: the caller unlinks the segment.
    static func dropSenderClaim(base: UnsafeMutableRawPointer) -> Bool {
        count(base).pointee.subtract(1, ordering: .sequentiallyConsistent).newValue == 0
    }

    /// After the sender unregistered: clears the claims of peers that are gone, then the sender's own claim, and
    /// unlinks the segment if nobody claims it any more.
    static func finishHandOver(_ mapping: SharedMemoryMapping, isRegistered: (UInt64) -> Bool) {
        // The sender's own claim keeps the count above zero during the sweep, so only its drop can end it.
        _ = sweep(mapping: mapping, isRegistered: isRegistered)
        if dropSenderClaim(base: mapping.base) { SharedMemoryMapping.unlink(name: mapping.name) }
    }

    /// Clears every claim that `shouldClear` picks. - Returns: Whether the last claim went: the caller unlinks.
    private static func clear(
        base: UnsafeMutableRawPointer, size: Int, where shouldClear: (UInt64) -> Bool
    ) -> Bool {
        let capacity = claimCapacity(base, size: size)
        guard capacity > 0, count(base).pointee.load(ordering: .sequentiallyConsistent) != 0 else { return false }
        var last = false
        for index in 0..<capacity {
            let port = claim(base, index).pointee.load(ordering: .sequentiallyConsistent)
            guard port != 0, shouldClear(port),
                claim(base, index).pointee.compareExchange(
                    expected: port, desired: 0, ordering: .sequentiallyConsistent
                ).exchanged
            else { continue }
            if count(base).pointee.subtract(1, ordering: .sequentiallyConsistent).newValue == 0 { last = true }
        }
        return last
    }

    /// Clears the claims of ports that `isRegistered` no longer finds in the service.
    static func sweep(mapping: SharedMemoryMapping, isRegistered: (UInt64) -> Bool) -> Bool {
        clear(base: mapping.base, size: mapping.size) { !isRegistered($0) }
    }

    /// The receiving port `port` has forgotten the sender whose segments are named `stem_…`: gives up its claims
    /// in every one of them that was handed over, unlinking those it held the last claim of. Not on a hot path (it
    /// lists /dev/shm): runs when a port forgets a peer that left.
    static func release(senderStem stem: String, port: UInt64) {
        release(SharedMemoryMapping.list(prefix: stem + "_"), port: port)
    }

    /// Gives up the claims of `port` in the data segments `names`, unlinking those it held the last claim of.
    static func release(_ names: [String], port: UInt64) {
        for name in names {
            guard let mapping = try? SharedMemoryMapping.open(name: name) else { continue }
            if clear(base: mapping.base, size: mapping.size, where: { $0 == port }) {
                _ = SharedMemoryMapping.unlink(name: name)
            }
        }
    }

    /// Whether the mapped segment has a hand-over area (only such segments can be handed over).
    static func hasArea(_ mapping: SharedMemoryMapping) -> Bool { claimCapacity(mapping.base, size: mapping.size) > 0 }

    /// Whether the mapped segment was handed over and still has claims.
    static func isHandedOver(_ mapping: SharedMemoryMapping) -> Bool {
        guard claimCapacity(mapping.base, size: mapping.size) > 0 else { return false }
        return count(mapping.base).pointee.load(ordering: .sequentiallyConsistent) != 0
    }

    /// Whether the mapped segment was handed over to the port `port`, which has not given up its claim yet.
    static func isClaimed(_ mapping: SharedMemoryMapping, by port: UInt64) -> Bool {
        let capacity = claimCapacity(mapping.base, size: mapping.size)
        guard capacity > 0, count(mapping.base).pointee.load(ordering: .sequentiallyConsistent) != 0 else {
            return false
        }
        return (0..<capacity).contains {
            claim(mapping.base, $0).pointee.load(ordering: .sequentiallyConsistent) == port
        }
    }
}
