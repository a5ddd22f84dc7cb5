import IPCConcepts
import Synchronization

/// Numbers derived from a service's limits that every process computes identically.
struct PortCapacities {
    let limits: RequestResponseDefaults

    /// Request chunks per client: its loans, its active requests, and what each server may still hold.
    var requestChunks: Int {
        limits.maxLoanedRequests + limits.maxActiveRequestsPerClient * (1 + 2 * limits.maxServers)
    }
    /// Response chunks a server may have out with one client.
    var responseChunksPerClient: Int {
        limits.maxActiveRequestsPerClient
            * (limits.maxResponseBufferSize + limits.maxBorrowedResponsesPerPendingResponse
                + limits.maxLoanedResponsesPerRequest)
    }
    /// Response chunks per server.
    var responseChunks: Int { limits.maxClients * responseChunksPerClient }
}

/// The layout of a client's control segment: per active-request slot the id of the last request cancelled in it and
/// its disconnect hint, then one connection block per server slot.
///
/// A connection block holds every queue between this client and one server, all single-producer:
/// requests (client → server), returned request chunks (server → client), one response queue per active-request
/// slot (server → client), returned response chunks (client → server), and per slot the id of the request whose
/// response stream the server ended. `serverPort` says which server the block currently belongs to: the client
/// resets the block and then publishes the server's port id, and the server uses the block only while it sees its
/// own id there. Only integers, so views of it are cheap to copy.
struct ClientControlLayout {
    let activeSlots: Int
    let requestChunks: Int
    let responseChunksPerClient: Int
    let responseBufferSize: Int
    let servers: Int
    let cancelledOffset = SegmentHeader.byteSize
    let hintsOffset: Int
    let blocksOffset: Int
    let requestQueueOffset = 64
    let requestReturnOffset: Int
    let responseReturnOffset: Int
    let responseQueuesOffset: Int
    let responseQueueSize: Int
    let streamEndedOffset: Int
    let blockSize: Int
    let totalSize: Int

    init(limits: RequestResponseDefaults) {
        let capacities = PortCapacities(limits: limits)
        activeSlots = limits.maxActiveRequestsPerClient
        requestChunks = capacities.requestChunks
        responseChunksPerClient = capacities.responseChunksPerClient
        responseBufferSize = limits.maxResponseBufferSize
        servers = limits.maxServers
        hintsOffset = alignUp(cancelledOffset + activeSlots * 8, to: 64)
        blocksOffset = alignUp(hintsOffset + activeSlots * 8, to: 64)
        requestReturnOffset = requestQueueOffset + IndexQueue.byteSize(capacity: activeSlots)
        responseReturnOffset = requestReturnOffset + IndexQueue.byteSize(capacity: requestChunks)
        responseQueuesOffset = responseReturnOffset + IndexQueue.byteSize(capacity: responseChunksPerClient)
        responseQueueSize = IndexQueue.byteSize(capacity: responseBufferSize)
        streamEndedOffset = responseQueuesOffset + activeSlots * responseQueueSize
        blockSize = alignUp(streamEndedOffset + activeSlots * 8, to: 64)
        totalSize = blocksOffset + servers * blockSize
    }
}

/// A view of a client's control segment as mapped in one process.
struct ClientControl {
    let base: UnsafeMutableRawPointer
    let layout: ClientControlLayout

    /// The id of the last request in active-request slot `slot` whose pending response the client dropped: a
    /// request in that slot with this id or a lower one has nobody waiting for it (request ids only grow, and a
    /// slot is reused only after its request was dropped). Written once per request, when it ends, so a server
    /// taking the next request usually finds the line unchanged.
    @inline(__always)
    func cancelledRequest(_ slot: Int) -> UnsafeMutablePointer<Atomic<UInt64>> {
        (base + layout.cancelledOffset + slot * 8).assumingMemoryBound(to: Atomic<UInt64>.self)
    }
    /// The request id for which the client set a disconnect hint.
    @inline(__always)
    func hint(_ slot: Int) -> UnsafeMutablePointer<Atomic<UInt64>> {
        (base + layout.hintsOffset + slot * 8).assumingMemoryBound(to: Atomic<UInt64>.self)
    }
    /// The connection block for server slot `server`, whose queues have the given shape.
    func block(_ server: Int, shape: UnsafePointer<ConnectionShape>) -> ConnectionBlock {
        ConnectionBlock(base: base + layout.blocksOffset + server * layout.blockSize, shape: shape)
    }
}

/// Where the queues of a connection block sit and how big they are: the same for every block of a service, so each
/// port computes it once and blocks refer to it (a block is then two words, cheap to pass around).
struct ConnectionShape {
    let requestQueueOffset: Int
    let requestCapacity: Int
    let requestMask: UInt64
    let requestReturnOffset: Int
    let requestReturnCapacity: Int
    let requestReturnMask: UInt64
    let responseReturnOffset: Int
    let responseReturnCapacity: Int
    let responseReturnMask: UInt64
    let responseQueuesOffset: Int
    let responseQueueSize: Int
    let responseCapacity: Int
    let responseMask: UInt64
    let streamEndedOffset: Int
    let activeSlots: Int

    init(layout: ClientControlLayout) {
        func mask(_ capacity: Int) -> UInt64 { UInt64(IndexQueue.ringSlots(capacity: capacity) - 1) }
        requestQueueOffset = layout.requestQueueOffset
        requestCapacity = layout.activeSlots
        requestMask = mask(layout.activeSlots)
        requestReturnOffset = layout.requestReturnOffset
        requestReturnCapacity = layout.requestChunks
        requestReturnMask = mask(layout.requestChunks)
        responseReturnOffset = layout.responseReturnOffset
        responseReturnCapacity = layout.responseChunksPerClient
        responseReturnMask = mask(layout.responseChunksPerClient)
        responseQueuesOffset = layout.responseQueuesOffset
        responseQueueSize = layout.responseQueueSize
        responseCapacity = layout.responseBufferSize
        responseMask = mask(layout.responseBufferSize)
        streamEndedOffset = layout.streamEndedOffset
        activeSlots = layout.activeSlots
    }
}

/// The queues between one client and one server (see ``ClientControlLayout``): the block's first byte and the
/// shape every block of the service shares.
struct ConnectionBlock {
    let base: UnsafeMutableRawPointer
    let shape: UnsafePointer<ConnectionShape>

    /// The id of the server port the block belongs to (0: none).
    @inline(__always)
    var serverPort: UnsafeMutablePointer<Atomic<UInt64>> { base.assumingMemoryBound(to: Atomic<UInt64>.self) }

    /// Requests, client → server.
    @inline(__always)
    var requests: IndexQueue {
        IndexQueue(
            base: base + shape.pointee.requestQueueOffset, capacity: shape.pointee.requestCapacity,
            mask: shape.pointee.requestMask)
    }

    /// Request chunks the server gives back, server → client.
    @inline(__always)
    var requestReturns: IndexQueue {
        IndexQueue(
            base: base + shape.pointee.requestReturnOffset, capacity: shape.pointee.requestReturnCapacity,
            mask: shape.pointee.requestReturnMask)
    }

    /// Response chunks the client gives back, client → server.
    @inline(__always)
    var responseReturns: IndexQueue {
        IndexQueue(
            base: base + shape.pointee.responseReturnOffset, capacity: shape.pointee.responseReturnCapacity,
            mask: shape.pointee.responseReturnMask)
    }

    /// The response queue of active-request slot `slot`.
    @inline(__always)
    func responses(_ slot: Int) -> IndexQueue {
        IndexQueue(
            base: base + (shape.pointee.responseQueuesOffset &+ slot &* shape.pointee.responseQueueSize),
            capacity: shape.pointee.responseCapacity, mask: shape.pointee.responseMask)
    }

    /// The id of the request in `slot` whose response stream the server ended.
    @inline(__always)
    func streamEnded(_ slot: Int) -> UnsafeMutablePointer<Atomic<UInt64>> {
        (base + (shape.pointee.streamEndedOffset &+ slot &* 8)).assumingMemoryBound(to: Atomic<UInt64>.self)
    }

    /// Empties every queue; only while no server uses the block.
    func reset() {
        requests.reset()
        requestReturns.reset()
        responseReturns.reset()
        for slot in 0..<shape.pointee.activeSlots {
            responses(slot).reset()
            streamEnded(slot).pointee.store(0, ordering: .relaxed)
        }
    }
}
