import IPCConcepts
import IPCPlatform

/// The sending half of a port, composed by client, server and publisher alike: its data segments, the loans it has
/// out, the receivers it delivers to (each with the queue through which it gives chunks back and the slot through
/// which it is woken), delivery with overflow and the `.block` strategy, taking returned chunks back, and handing
/// segments over to the receivers that still hold messages when the port goes.
///
/// What a pattern adds stays in its port: which queue a message goes to, its tag and acknowledgement (see
/// `ChunkPublication`), request ids and active-request slots, the history. Receivers are numbered by the slot the
/// port keeps for them (a server's slot, a client's, a subscriber's). Buffers are allocated once; a port uses its
/// sender from one thread at a time, so the hot path takes no lock and touches no reference count.
final class SenderCore {
    private struct State {
        var loans = 0
        var connectedCount = 0
    }

    /// The data segments and their chunk bookkeeping.
    let memory: SenderSegments
    /// The number of receiver slots.
    let receivers: Int
    let unableToDeliver: UnableToDeliverStrategy
    private let names: Names
    /// How many chunks a receiver's return queue holds: it is emptied at half that, or a receiver could find it
    /// full and a chunk would be lost.
    private let returnCapacity: Int
    /// Per receiver slot: the receiving port's id (0: none connected).
    private let ports: FixedBuffer<UInt64>
    private let returnQueues: FixedBuffer<IndexQueue?>
    private let wakeSlots: FixedBuffer<PortSlot>
    /// The connected receiver slots in ascending order, so that sending and reclaiming visit only those.
    private let connectedList: FixedBuffer<Int>
    private let state = FixedBuffer(repeating: State(), count: 1)

    /// - Parameters:
    ///   - memory: The port's data segments, with one peer per receiver slot (and any extra holders after them).
    ///   - receivers: The number of receiver slots.
    ///   - wakeSlot: The service's port slot of each receiver slot, through which the receiver is woken.
    ///   - returnCapacity: The capacity of each receiver's return queue.
    ///   - unableToDeliver: What a delivery into a full queue does without overflow.
    ///   - names: The node's names, for dead-node cleanup while blocked.
    init(
        memory: SenderSegments, receivers: Int, wakeSlot: (Int) -> PortSlot, returnCapacity: Int,
        unableToDeliver: UnableToDeliverStrategy, names: Names
    ) {
        self.memory = memory
        self.receivers = receivers
        self.returnCapacity = returnCapacity
        self.unableToDeliver = unableToDeliver
        self.names = names
        ports = FixedBuffer(repeating: 0, count: receivers)
        returnQueues = FixedBuffer(repeating: nil, count: receivers)
        wakeSlots = FixedBuffer(repeating: wakeSlot(0), count: receivers)
        for index in 0..<receivers { wakeSlots[index] = wakeSlot(index) }
        connectedList = FixedBuffer(repeating: 0, count: receivers)
    }

    deinit {
        ports.deallocate()
        returnQueues.deallocate()
        wakeSlots.deallocate()
        connectedList.deallocate()
        state.deallocate()
    }

    // MARK: Receivers

    /// The port id of the receiver in slot `index` (0: none connected).
    @inline(__always)
    func receiverPort(_ index: Int) -> UInt64 { ports[index] }

    /// The service's port slot of the receiver slot `index` (its registration, and the word it is woken through).
    @inline(__always)
    func receiverSlot(_ index: Int) -> PortSlot { wakeSlots[index] }

    /// The number of connected receivers.
    @inline(__always)
    var connectedCount: Int { state[0].connectedCount }

    /// The slot of the `position`th connected receiver (`position < connectedCount`).
    @inline(__always)
    func connectedReceiver(_ position: Int) -> Int { connectedList[position] }

    /// Starts delivering to the port `port` in slot `index`, which gives chunks back through `returns`.
    func connect(_ index: Int, port: UInt64, returns: IndexQueue) {
        if ports[index] != 0 { disconnect(index) }
        ports[index] = port
        returnQueues[index] = returns
        listConnected()
    }

    /// The receiver in slot `index` left (or died): everything it held comes back; it gets nothing more.
    func disconnect(_ index: Int) {
        guard ports[index] != 0 else { return }
        memory.releaseAll(peer: index)
        ports[index] = 0
        returnQueues[index] = nil
        listConnected()
    }

    private func listConnected() {
        var count = 0
        for index in 0..<receivers where ports[index] != 0 {
            connectedList[count] = index
            count += 1
        }
        state[0].connectedCount = count
    }

    // MARK: Loans

    /// The loans out now.
    @inline(__always)
    var loans: Int { state[0].loans }

    /// Loans a chunk for `count` elements (taking returned chunks back first when the pool looks empty) and writes
    /// its header.
    @inline(__always)
    func loan(count: Int) throws(LoanError) -> (ref: UInt64, chunk: UnsafeMutableRawPointer) {
        let loaned = try memory.loan(count: count, reclaimingWith: drainReturns)
        state[0].loans &+= 1
        return loaned
    }

    /// A loan ends, sent or not: the sender's own reference to its chunk goes.
    @inline(__always)
    func endLoan(_ ref: UInt64) {
        state[0].loans &-= 1
        memory.releaseOwn(ref)
    }

    /// Zeroes the payload of a loan of `count` elements.
    @inline(__always)
    func zeroPayload(_ payload: UnsafeMutableRawPointer, count: Int) { memory.zeroPayload(payload, count: count) }

    // MARK: Delivery

    /// Before a message is published: see `SenderSegments.pushPayloadEnd(of:)`.
    @inline(__always)
    func prepare(_ chunk: UnsafeMutableRawPointer) { memory.pushPayloadEnd(of: chunk) }

    /// Delivers the chunk `ref` into `queue` of the receiver in slot `index`: the receiver holds it from now on and
    /// is woken if it sleeps. A full queue gives up its oldest chunk with `overflowing`; otherwise `.block` waits
    /// for room while the receiver stays, and `.discardData` refuses.
    /// - Parameters:
    ///   - tag: The queue's tag when the chunk announces where it goes (0: not announced, see `ChunkPublication`).
    ///   - acknowledgement: What rides along for the receiver (request/response acknowledgements; 0 otherwise).
    /// - Returns: Whether the receiver got it.
    @inline(__always)
    func deliver(
        _ ref: UInt64, chunk: UnsafeMutableRawPointer, into queue: IndexQueue, receiver index: Int,
        acknowledgement: UInt32, tag: UInt32, overflowing: Bool
    ) -> Bool {
        memory.markDelivered(ref, peer: index)
        let outcome = queue.publish(
            ref, chunk: chunk, acknowledgement: acknowledgement, tag: tag, overflowing: overflowing)
        if let evicted = outcome.evicted { memory.returned(evicted, peer: index) }
        if !outcome.published {
            guard unableToDeliver == .block,
                deliverWhenRoom(ref, into: queue, receiver: wakeSlots[index], port: ports[index], names: names)
            else {
                memory.returned(ref, peer: index)
                return false
            }
        }
        wakeSlots[index].notify()
        if memory.heldCount(peer: index) &* 2 >= returnCapacity { drainReturns(index) }
        return true
    }

    /// After a send: takes returned chunks back when the pool runs low or an old segment waits for its last chunks
    /// (returns are otherwise taken in batches, which keeps the receivers' lines out of the hot path).
    @inline(__always)
    func reclaimIfNeeded() {
        if memory.wantsReturns { drainReturns() }
    }

    /// Takes back the chunks every connected receiver returned.
    @inline(__always)
    func drainReturns() {
        for position in 0..<state[0].connectedCount { drainReturns(connectedList[position]) }
    }

    /// Takes back the chunks the receiver in slot `index` returned.
    @inline(__always)
    func drainReturns(_ index: Int) {
        guard let returns = returnQueues[index] else { return }
        while let ref = returns.popSoleTaker() { memory.returned(ref, peer: index) }
    }

    // MARK: Leaving

    /// The port goes: takes back what was returned, then hands every segment in which a connected receiver still
    /// holds a message over to those receivers (see `SegmentHandover`), calls `unregister`, and sweeps the claims
    /// of receivers that are no longer registered.
    func leave(unregister: () -> Void, isRegistered: (UInt64) -> Bool) {
        drainReturns()
        memory.handOver { [ports, receivers] in $0 < receivers ? ports[$0] : 0 }
        unregister()
        memory.finishHandOver(isRegistered: isRegistered)
    }
}
