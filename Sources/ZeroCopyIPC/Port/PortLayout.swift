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

/// The layout of a client's control segment: per active-request slot the id of the request that owns it and its
/// disconnect hint, then one connection block per server slot.
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
    let slotIdsOffset = SegmentHeader.byteSize
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
        hintsOffset = alignUp(slotIdsOffset + activeSlots * 8, to: 64)
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

    /// The id of the request that owns active-request slot `slot` (0: free).
    @inline(__always)
    func slotRequestId(_ slot: Int) -> UnsafeMutablePointer<Atomic<UInt64>> {
        (base + layout.slotIdsOffset + slot * 8).assumingMemoryBound(to: Atomic<UInt64>.self)
    }
    /// The request id for which the client set a disconnect hint.
    @inline(__always)
    func hint(_ slot: Int) -> UnsafeMutablePointer<Atomic<UInt64>> {
        (base + layout.hintsOffset + slot * 8).assumingMemoryBound(to: Atomic<UInt64>.self)
    }
    /// The connection block for server slot `server`.
    func block(_ server: Int) -> ConnectionBlock {
        ConnectionBlock(base: base + layout.blocksOffset + server * layout.blockSize, layout: layout)
    }
}

/// The queues between one client and one server (see ``ClientControlLayout``), with every address computed once.
struct ConnectionBlock {
    let serverPort: UnsafeMutablePointer<Atomic<UInt64>>
    let requests: IndexQueue
    let requestReturns: IndexQueue
    let responseReturns: IndexQueue
    private let responsesBase: UnsafeMutableRawPointer
    private let responseQueueSize: Int
    private let responseCapacity: Int
    private let streamEndedBase: UnsafeMutableRawPointer
    private let activeSlots: Int

    init(base: UnsafeMutableRawPointer, layout: ClientControlLayout) {
        serverPort = base.assumingMemoryBound(to: Atomic<UInt64>.self)
        requests = IndexQueue(base: base + layout.requestQueueOffset, capacity: layout.activeSlots)
        requestReturns = IndexQueue(base: base + layout.requestReturnOffset, capacity: layout.requestChunks)
        responseReturns = IndexQueue(
            base: base + layout.responseReturnOffset, capacity: layout.responseChunksPerClient)
        responsesBase = base + layout.responseQueuesOffset
        responseQueueSize = layout.responseQueueSize
        responseCapacity = layout.responseBufferSize
        streamEndedBase = base + layout.streamEndedOffset
        activeSlots = layout.activeSlots
    }

    /// The response queue of active-request slot `slot`.
    @inline(__always)
    func responses(_ slot: Int) -> IndexQueue {
        IndexQueue(base: responsesBase + slot * responseQueueSize, capacity: responseCapacity)
    }

    /// The id of the request in `slot` whose response stream the server ended.
    @inline(__always)
    func streamEnded(_ slot: Int) -> UnsafeMutablePointer<Atomic<UInt64>> {
        (streamEndedBase + slot * 8).assumingMemoryBound(to: Atomic<UInt64>.self)
    }

    /// Empties every queue; only while no server uses the block.
    func reset() {
        requests.reset()
        requestReturns.reset()
        responseReturns.reset()
        for slot in 0..<activeSlots {
            responses(slot).reset()
            streamEnded(slot).pointee.store(0, ordering: .relaxed)
        }
    }
}
