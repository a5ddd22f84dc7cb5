import IPCConcepts
import IPCPlatform
import Synchronization

/// The process-local state of a server port; ``Server``, its active requests and response loans share it.
///
/// Per client slot it keeps the client's port id, its mapped control segment, the connection block of this
/// server inside it, and the client's data segments, all in buffers allocated once.
@usableFromInline
final class ServerCore: MessageIssuer {
    private struct State {
        /// The position in `connected` where the next receive starts looking (round-robin).
        var nextClient = 0
        /// The number of entries in `connected`.
        var connectedCount = 0
        var connectionChecks = 0
    }

    let service: RequestResponseHandle
    @usableFromInline let port: UInt64
    let slotIndex: Int
    let limits: RequestResponseDefaults
    /// The sending half: data segments, response loans, delivery to the clients, returns.
    let sender: SenderCore
    let loanLimit: Int
    @usableFromInline let requestLayout: MessageLayout
    @usableFromInline let responseLayout: MessageLayout
    @usableFromInline let payloadOffset: Int
    @usableFromInline let requestPayloadOffset: Int
    private let controlLayout: ClientControlLayout
    /// The shape of every connection block (the blocks point to it).
    private let shape: FixedBuffer<ConnectionShape>
    private let clientControls: FixedBuffer<SharedMemoryMapping?>
    private let clientViews: FixedBuffer<ClientControl?>
    private let clientBlocks: FixedBuffer<ConnectionBlock?>
    /// What the server knows of each client as a receiver of its requests: port id, data segments, departure.
    private let receiver: ReceiverCore
    /// The client slots with a connection, so that receiving visits only those.
    private let connected: FixedBuffer<Int>
    private let loaned: FixedBuffer<Int>
    private let state = FixedBuffer(repeating: State(), count: 1)
    @usableFromInline let lifetime = FixedBuffer(repeating: PortLifetime(), count: 1)
    private let watch: FixedBuffer<ConnectionWatch>
    /// How clients tag the request queue to this server when they announce a request in its chunk (see
    /// `ChunkPublication`).
    private let requestTag: UInt32

    init(
        service: RequestResponseHandle, initialMaxSliceLen: Int, strategy: AllocationStrategy,
        maxLoanedResponsesPerRequest: Int?
    ) throws(PortCreateError) {
        self.service = service
        limits = service.config.limits
        watch = FixedBuffer(repeating: ConnectionWatch(service.segment), count: 1)
        let serviceName = service.name.value
        let id = UniqueID.make()
        port = id
        loanLimit = min(
            maxLoanedResponsesPerRequest ?? limits.maxLoanedResponsesPerRequest,
            limits.maxLoanedResponsesPerRequest)
        let stem = service.node.names.portStem(service: service.hash, node: service.node.id, port: id)
        controlLayout = ClientControlLayout(limits: limits)
        let config = service.config
        requestLayout = MessageLayout(payload: config.request, userHeader: config.requestHeader)
        responseLayout = MessageLayout(payload: config.response, userHeader: config.responseHeader)
        payloadOffset = responseLayout.payloadOffset
        requestPayloadOffset = requestLayout.payloadOffset
        let memory: SenderSegments
        do {
            memory = try SenderSegments(
                stem: stem, origin: id, message: responseLayout,
                initialCapacity: config.response.variant == .slice ? initialMaxSliceLen : 1,
                chunkCount: PortCapacities(limits: limits).responseChunks, peers: limits.maxClients,
                strategy: config.response.variant == .slice ? strategy : .static)
        } catch {
            throw .internalFailure(service: serviceName, reason: "\(error)")
        }
        shape = FixedBuffer(repeating: ConnectionShape(layout: controlLayout), count: 1)
        let clients = limits.maxClients
        // Responses never wait for room: a full queue without safe overflow refuses the send.
        sender = SenderCore(
            memory: memory, receivers: clients, wakeSlot: service.segment.clientSlot,
            returnCapacity: shape[0].responseReturnCapacity, unableToDeliver: .discardData, names: service.node.names)
        receiver = ReceiverCore(port: id, peers: clients, layout: requestLayout)
        clientControls = FixedBuffer(repeating: nil, count: clients)
        clientViews = FixedBuffer(repeating: nil, count: clients)
        clientBlocks = FixedBuffer(repeating: nil, count: clients)
        connected = FixedBuffer(repeating: 0, count: clients)
        loaned = FixedBuffer(repeating: 0, count: clients * limits.maxActiveRequestsPerClient)
        let segment = service.segment
        let claimed = segment.claimPortSlot(count: limits.maxServers, node: service.node.id, segment.serverSlot)
        // Every stored property is set from here on, so if this throws, `deinit` runs and frees everything.
        slotIndex = claimed ?? -1
        requestTag = ChunkPublication.requestTag(server: slotIndex)
        guard let claimed else { throw .exceedsMaxSupportedServers(service: serviceName, limit: limits.maxServers) }
        segment.serverSlot(claimed).port.pointee.store(id, ordering: .sequentiallyConsistent)
        segment.announceChange()
        // Connect to the ports already there, as iceoryx2's ports do: what they send from now on is not missed
        // even if this port first looks after they left.
        refresh()
    }

    deinit {
        // Responses the clients still hold stay readable: their segments are handed over before this port
        // unregisters (see `SegmentHandover` for the order).
        let (segment, slotIndex, port) = (service.segment, slotIndex, port)
        sender.leave(
            unregister: { if slotIndex >= 0 { segment.unregister(segment.serverSlot(slotIndex), port: port) } },
            isRegistered: segment.isRegistered(port:))
        receiver.forgetAll(service: service.segmentName, names: service.node.names)
        clientControls.deallocate()
        clientViews.deallocate()
        clientBlocks.deallocate()
        connected.deallocate()
        loaned.deallocate()
        shape.deallocate()
        state.deallocate()
        watch.deallocate()
        lifetime.deallocate()
    }

    var slot: PortSlot { service.segment.serverSlot(slotIndex) }
    /// The response data segments.
    var memory: SenderSegments { sender.memory }

    // MARK: Connections

    @inline(__always)
    func refresh() {
        if watch[0].changed() { reconnect() }
    }

    private func reconnect() {
        for index in 0..<limits.maxClients {
            let (clientPort, clientNode) = service.segment.clientSlot(index).registration
            if receiver.peerPort(index) == clientPort { continue }
            if clientPort == 0 {
                // Gone: what it held comes back; requests it sent before are still taken until its queue is empty.
                if receiver.peerPort(index) != 0 && !receiver.hasDeparted(index) {
                    sender.disconnect(index)
                    receiver.depart(index)
                }
                continue
            }
            if receiver.peerPort(index) != 0 { forget(client: index) }
            let stem = service.node.names.portStem(service: service.hash, node: clientNode, port: clientPort)
            guard let control = try? SharedMemoryMapping.open(name: stem + "_c"),
                (try? SegmentHeader.read(from: control.base, size: control.size, kind: .portControl)) != nil,
                control.size >= controlLayout.totalSize
            else {
                watch[0].lookAgain()  // not ready (or gone); look again next time
                continue
            }
            let view = ClientControl(base: control.base, layout: controlLayout)
            receiver.connect(index, port: clientPort, stem: stem)
            clientControls[index] = control
            clientViews[index] = view
            let block = view.block(slotIndex, shape: shape.base)
            clientBlocks[index] = block
            sender.connect(index, port: clientPort, returns: block.responseReturns)
        }
        listConnectedClients()
    }

    private func listConnectedClients() {
        var count = 0
        for index in 0..<limits.maxClients where receiver.peerPort(index) != 0 {
            connected[count] = index
            count += 1
        }
        state[0].connectedCount = count
        state[0].nextClient = 0
    }

    /// Drops everything about the client in slot `index`; segments it still has requests in linger until those
    /// are dropped.
    private func forget(client index: Int) {
        sender.disconnect(index)
        receiver.forget(index)
        clientControls[index] = nil
        clientViews[index] = nil
        clientBlocks[index] = nil
    }

    /// Takes back response chunks that clients returned.
    func drainReturns() { sender.drainReturns() }

    // MARK: Requests

    @usableFromInline
    struct Received: BitwiseCopyable {
        @usableFromInline var client: Int
        @usableFromInline var clientPort: UInt64
        @usableFromInline var ref: UInt64
        @usableFromInline var chunk: UnsafeMutableRawPointer
        @usableFromInline var payload: UnsafeMutableRawPointer
        @usableFromInline var count: Int
        @usableFromInline var slot: Int
        @usableFromInline var requestId: UInt64
    }

    /// Takes the next request: first what clients that left still have queued (their requests are older than
    /// anything a live client sends from now on, as in iceoryx2), then from live clients round-robin, so that none
    /// starves. A departed client whose queue is empty is forgotten.
    @usableFromInline
    func receive() -> Received? {
        refresh()
        let count = state[0].connectedCount
        if receiver.departedCount != 0 {
            var drained = -1  // forgotten after the loop, which reads `connected`
            for position in 0..<count where receiver.hasDeparted(connected[position]) {
                let index = connected[position]
                if let request = take(from: index) { return request }
                drained = index
            }
            if drained >= 0 {
                forget(client: drained)
                listConnectedClients()
                return receive()
            }
        }
        var position = state[0].nextClient
        for _ in 0..<count {
            if position >= count { position = 0 }
            let index = connected[position]
            position += 1
            if let request = take(from: index) {
                state[0].nextClient = position
                return request
            }
        }
        return nil
    }

    /// Takes the next request the client in slot `index` queued for this server, skipping (and returning) those
    /// nobody can use: unresolvable, from a slot out of range, or cancelled when fire-and-forget is off.
    @inline(__always)
    private func take(from index: Int) -> Received? {
        guard let block = clientBlocks[index], block.serverPort.pointee.load(ordering: .acquiring) == port else {
            return nil
        }
        let taken = receiver.take(from: block.requests, peer: index, tag: requestTag, returns: block.requestReturns) {
            resolved, acknowledgement in
            let requestId = resolved.chunk.load(fromByteOffset: ChunkHeader.requestIdOffset, as: UInt64.self)
            let slot = Int(resolved.chunk.load(fromByteOffset: ChunkHeader.activeSlotOffset, as: UInt32.self))
            guard slot < limits.maxActiveRequestsPerClient else { return false }
            block.responses(slot).consumerReached(acknowledgement)
            // Without fire-and-forget, a request whose pending response is gone has nobody waiting for an answer.
            return limits.enableFireAndForgetRequests
                || clientViews[index]!.cancelledRequest(slot).pointee.load(ordering: .acquiring) < requestId
        }
        guard let (ref, resolved) = taken else {
            receiver.prefetch(index)  // nothing more from this client: fetch its next request's lines meanwhile
            return nil
        }
        let chunk = resolved.chunk
        messageIssued()
        return Received(
            client: index, clientPort: receiver.peerPort(index), ref: ref, chunk: chunk,
            payload: chunk + requestPayloadOffset, count: resolved.count,
            slot: Int(chunk.load(fromByteOffset: ChunkHeader.activeSlotOffset, as: UInt32.self)),
            requestId: chunk.load(fromByteOffset: ChunkHeader.requestIdOffset, as: UInt64.self))
    }

    /// Whether any client has a request queued for this server.
    @usableFromInline
    func hasRequests() -> Bool {
        refresh()
        for index in 0..<limits.maxClients where receiver.peerPort(index) != 0 {
            guard let block = clientBlocks[index], block.serverPort.pointee.load(ordering: .acquiring) == port else {
                continue
            }
            // Where `receive` looks first: the chunk the client announced, one line instead of the queue's and then
            // the chunk's.
            if receiver.hasMessage(in: block.requests, peer: index, tag: requestTag) { return true }
        }
        return false
    }

    @inline(__always)
    private func block(_ client: Int, _ clientPort: UInt64) -> ConnectionBlock? {
        guard receiver.peerPort(client) == clientPort, !receiver.hasDeparted(client), let block = clientBlocks[client]
        else {
            return nil
        }
        return block.serverPort.pointee.load(ordering: .acquiring) == port ? block : nil
    }

    /// The `ActiveRequest` was dropped: end its response stream and return the request chunk.
    /// - Returns: ``messageEnded()``.
    @usableFromInline
    func release(_ request: Received) -> Bool {
        endStream(request)
        return messageEnded()
    }

    @inline(__always)
    private func endStream(_ request: Received) {
        _ = receiver.release(request.ref, peer: request.client, port: request.clientPort)
        guard let block = block(request.client, request.clientPort) else { return }
        block.streamEnded(request.slot).pointee.store(request.requestId, ordering: .releasing)
        _ = block.requestReturns.push(request.ref)
        sender.receiverSlot(request.client).notify()
    }

    /// Whether the client still waits for responses to the request. Every 1024th check looks for dead nodes,
    /// so that polling alone notices a killed client (nothing in the receive path calls this).
    func isConnected(client: Int, clientPort: UInt64, slot: Int, requestId: UInt64) -> Bool {
        state[0].connectionChecks &+= 1
        if state[0].connectionChecks & 1023 == 0 { DeadNodeCleanup.run(names: service.node.names) }
        refresh()
        guard receiver.peerPort(client) == clientPort, !receiver.hasDeparted(client), let view = clientViews[client]
        else {
            return false
        }
        return view.cancelledRequest(slot).pointee.load(ordering: .acquiring) < requestId
    }

    /// Whether the client asked the servers to stop responding.
    func hasDisconnectHint(client: Int, clientPort: UInt64, slot: Int, requestId: UInt64) -> Bool {
        guard receiver.peerPort(client) == clientPort, let view = clientViews[client] else { return false }
        return view.hint(slot).pointee.load(ordering: .acquiring) == requestId
    }

    // MARK: Responses

    /// Loans a response chunk for `count` elements.
    @usableFromInline
    func loan(
        client: Int, slot: Int, count: Int
    ) throws(LoanError) -> (ref: UInt64, chunk: UnsafeMutableRawPointer, payload: UnsafeMutableRawPointer) {
        refresh()
        let key = client * limits.maxActiveRequestsPerClient + slot
        guard loaned[key] < loanLimit else { throw .exceedsMaxLoans(limit: loanLimit) }
        let (ref, chunk) = try sender.loan(count: count)
        loaned[key] += 1
        messageIssued()
        return (ref, chunk, chunk + payloadOffset)
    }

    /// Zeroes the payload of a response loan of `count` elements.
    @usableFromInline
    func zeroPayload(_ payload: UnsafeMutableRawPointer, count: Int) {
        sender.zeroPayload(payload, count: count)
    }

    /// Loans a response of `count` elements to the request `request` (zeroed on request): the ticket that ends it and
    /// where its bytes are. Serves the typed `ActiveRequest` and the untyped `RawServerPort`.
    @inlinable @inline(__always)
    func loanResponse(
        to request: Received, count: Int, zeroed: Bool
    ) throws(LoanError) -> (ticket: LoanTicket, bytes: MessageBytes) {
        let (ref, chunk, payload) = try loan(client: request.client, slot: request.slot, count: count)
        if zeroed { zeroPayload(payload, count: count) }
        let ticket = LoanTicket(
            ref: ref, client: request.client, clientPort: request.clientPort, slot: request.slot,
            requestId: request.requestId)
        return (ticket, responseLayout.bytes(chunk: chunk, payload: payload, count: count))
    }

    /// Gives back a response loan's chunk reference (sent or not).
    @inline(__always)
    func releaseLoan(_ ref: UInt64, client: Int, slot: Int) {
        loaned[client * limits.maxActiveRequestsPerClient + slot] -= 1
        sender.endLoan(ref)
    }

    /// A response loan was dropped without being sent.
    /// - Returns: ``messageEnded()``.
    @usableFromInline
    func dropLoan(_ loan: LoanTicket) -> Bool {
        releaseLoan(loan.ref, client: loan.client, slot: loan.slot)
        return messageEnded()
    }

    /// Sends a loaned response to the pending response of its request.
    @usableFromInline
    func send(_ loan: LoanTicket, chunk: UnsafeMutableRawPointer) throws(SendError) {
        let (ref, client, clientPort, slot, requestId) = (
            loan.ref, loan.client, loan.clientPort, loan.slot, loan.requestId
        )
        defer { releaseLoan(ref, client: client, slot: slot) }
        refresh()
        guard let block = block(client, clientPort) else { throw .connectionClosed }
        chunk.storeBytes(of: requestId, toByteOffset: ChunkHeader.requestIdOffset, as: UInt64.self)
        // Tells the client how far this server read its requests (see `IndexQueue`).
        let acknowledgement = block.requests.acknowledgement
        let tag = ChunkPublication.responseTag(
            client: client, slot: slot, activeSlots: limits.maxActiveRequestsPerClient)
        sender.prepare(chunk)
        guard
            sender.deliver(
                ref, chunk: chunk, into: block.responses(slot), receiver: client, acknowledgement: acknowledgement,
                tag: tag, overflowing: limits.enableSafeOverflowForResponses)
        else { throw .receiverBufferFull }
        // Returned chunks are taken here, after the response is on its way, not in `loan` (see `ClientCore.send`).
        sender.reclaimIfNeeded()
    }

    @usableFromInline
    func wait(timeout: Duration, until ready: () -> Bool) -> Bool {
        blockingWait(slot: slot, names: service.node.names, timeout: timeout, until: ready)
    }
}
