import IPCConcepts
import IPCPlatform
import Synchronization

/// What a client does for its `PendingResponse`s: taking their responses, giving them back, and ending requests.
extension ClientCore {

    /// Takes the next response of the request in `slot`, discarding stale ones.
    @usableFromInline
    func receive(
        slot: Int, requestId: UInt64
    ) throws(ReceiveError) -> Received? {
        refresh()
        let slotState = active[slot]
        guard slotState.inUse, slotState.requestId == requestId else { return nil }
        var mask = slotState.delivered
        while mask != 0 {
            let index = mask.trailingZeroBitCount
            mask &= mask - 1
            guard receiver.peerPort(index) == deliveredTo[slot * limits.maxServers + index] else { continue }
            let block = blocks[index]
            let queue = block.responses(slot)
            let tag = responseTag(slot)
            if slotState.borrowed >= limits.maxBorrowedResponsesPerPendingResponse {
                guard !receiver.hasMessage(in: queue, peer: index, tag: tag) else {
                    throw .exceedsMaxBorrows(limit: limits.maxBorrowedResponsesPerPendingResponse)
                }
                continue
            }
            receiver.prefetch(index)  // the payload's far end, while the first line is watched
            let taken = receiver.take(from: queue, peer: index, tag: tag, returns: block.responseReturns) {
                resolved, acknowledgement in
                block.requests.consumerReached(acknowledgement)
                return resolved.chunk.load(fromByteOffset: ChunkHeader.requestIdOffset, as: UInt64.self) == requestId
            }
            if let (ref, resolved) = taken {
                active[slot].borrowed += 1
                messageIssued()
                return Received(
                    server: index, serverPort: receiver.peerPort(index), ref: ref, chunk: resolved.chunk,
                    payload: resolved.chunk + responsePayloadOffset, count: resolved.count)
            }
        }
        return nil
    }

    /// How the servers tag this client's response queue of `slot` (see `ChunkPublication`).
    @inline(__always)
    func responseTag(_ slot: Int) -> UInt32 {
        ChunkPublication.responseTag(client: slotIndex, slot: slot, activeSlots: limits.maxActiveRequestsPerClient)
    }

    /// A received response was dropped: give its chunk back to the server that sent it.
    /// - Returns: ``messageEnded()``.
    @usableFromInline
    func releaseResponse(server: Int, serverPort: UInt64, ref: UInt64, slot: Int, requestId: UInt64) -> Bool {
        if active[slot].inUse && active[slot].requestId == requestId { active[slot].borrowed -= 1 }
        if receiver.release(ref, peer: server, port: serverPort) { _ = blocks[server].responseReturns.push(ref) }
        return messageEnded()
    }

    /// One look of a wait for a response of the request in `slot` (typed or untyped): takes it (or the error taking
    /// it threw) into `taken`, and says whether the wait is over, also when no server holds the request any more.
    @inlinable @inline(__always)
    func takeResponse(slot: Int, requestId: UInt64, into taken: inout Result<Received, ReceiveError>?) -> Bool {
        do throws(ReceiveError) {
            if let received = try receive(slot: slot, requestId: requestId) {
                taken = .success(received)
                return true
            }
        } catch {
            taken = .failure(error)
            return true
        }
        return connectedServers(slot: slot, requestId: requestId) == 0
    }

    /// Whether a response of the request in `slot` is waiting.
    @usableFromInline
    func hasResponse(slot: Int, requestId: UInt64) -> Bool {
        refresh()
        let slotState = active[slot]
        guard slotState.inUse, slotState.requestId == requestId else { return false }
        var mask = slotState.delivered
        while mask != 0 {
            let index = mask.trailingZeroBitCount
            mask &= mask - 1
            // Where `receive` looks first: the chunk the server announced (see `ServerCore.hasRequests`).
            if receiver.peerPort(index) == deliveredTo[slot * limits.maxServers + index],
                receiver.hasMessage(in: blocks[index].responses(slot), peer: index, tag: responseTag(slot))
            {
                return true
            }
        }
        return false
    }

    /// A killed server stays registered until someone cleans up after it. A caller that only polls
    /// `isConnected` must still see it go, so every 1024th such check looks for dead nodes (waits do that on
    /// their own, so this is not part of `connectedServers`, which waits call in their spin).
    func checkForDeadServersOccasionally() {
        state[0].connectionChecks &+= 1
        if state[0].connectionChecks & 1023 == 0 { DeadNodeCleanup.run(names: service.node.names) }
    }

    /// The servers that still hold the request in `slot` (connected and stream not ended).
    @usableFromInline
    func connectedServers(slot: Int, requestId: UInt64) -> Int {
        refresh()
        let slotState = active[slot]
        guard slotState.inUse, slotState.requestId == requestId else { return 0 }
        var count = 0
        var mask = slotState.delivered
        while mask != 0 {
            let index = mask.trailingZeroBitCount
            mask &= mask - 1
            if receiver.peerPort(index) == deliveredTo[slot * limits.maxServers + index],
                !receiver.hasDeparted(index),
                blocks[index].streamEnded(slot).pointee.load(ordering: .acquiring) != requestId
            {
                count += 1
            }
        }
        return count
    }

    /// Asks the servers to stop responding to the request in `slot`.
    func setDisconnectHint(slot: Int, requestId: UInt64) {
        view.hint(slot).pointee.store(requestId, ordering: .releasing)
    }

    /// The `PendingResponse` of `slot` was dropped: tell the servers and free the slot.
    /// - Returns: ``messageEnded()``.
    @usableFromInline
    func dropPending(slot: Int, requestId: UInt64) -> Bool {
        freeSlot(slot, requestId: requestId)
        return messageEnded()
    }

    @inline(__always)
    func freeSlot(_ slot: Int, requestId: UInt64) {
        guard active[slot].inUse, active[slot].requestId == requestId else { return }
        view.cancelledRequest(slot).pointee.store(requestId, ordering: .releasing)
        // Responses still queued for it are given back when the slot is used again, after that request is sent:
        // reading the queues now would fetch lines the servers just wrote, while the next request waits.
        active[slot] = ActiveSlot(stale: active[slot].delivered)
        state[0].freedSlot = slot
    }

    /// The connection state, for diagnostics.
    var stateDescription: String {
        let connected = (0..<limits.maxServers).map { index in
            let registered = service.segment.serverSlot(index).port.pointee.load(ordering: .acquiring)
            return "\(index):\(String(receiver.peerPort(index), radix: 16))/slot \(String(registered, radix: 16))"
        }
        let slots = (0..<limits.maxActiveRequestsPerClient).map { index in
            "\(index):\(active[index].inUse ? "id \(active[index].requestId) mask \(active[index].delivered)" : "free")"
        }
        return "client \(String(port, radix: 16)) servers [\(connected.joined(separator: ", "))] "
            + "active [\(slots.joined(separator: ", "))]"
    }
}
