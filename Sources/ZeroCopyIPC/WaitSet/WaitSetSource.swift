/// What a ``WaitSet`` watches for one attached port: the futex word its senders wake, a non-consuming readiness
/// check, and what identifies the port (attaching it twice is refused).
struct WaitSetSource {
    /// What identifies an attached port: its port id, and the request for a pending response (the pending
    /// responses of one client share the client's port and wake word).
    struct Identity: Hashable {
        let port: UInt64
        let request: UInt64?
    }

    let identity: Identity
    /// The port's slot in its service segment: `wake` is the futex word, `waiting` the count senders look at.
    let slot: PortSlot
    /// Whose root folder cleanup looks at after a quiet slice, when ``needsCleanup``.
    let names: Names
    /// Whether the readiness depends on dead-node cleanup: a pending response ends when its server's node is cleaned
    /// up, a listener gets `notifierDeadEvent` from cleanup. A sample or request of a dead peer stays readable, so
    /// subscribers and servers need none, and a WaitSet of only those costs no CPU while idle.
    let needsCleanup: Bool
    /// Whether data waits: a sample, a request, a response, an event. Takes nothing.
    let hasData: () -> Bool
    /// For a pending response: whether no server holds the request any more. Reported once, as "ready".
    let hasEnded: (() -> Bool)?
}

extension WaitSetSource {
    static func listener(_ listener: Listener) -> WaitSetSource {
        WaitSetSource(
            identity: Identity(port: listener.id, request: nil), slot: listener.core.slot,
            names: listener.core.names, needsCleanup: true, hasData: { listener.hasPendingEvents }, hasEnded: nil)
    }

    static func subscriber<Payload>(_ subscriber: Subscriber<Payload>) -> WaitSetSource {
        WaitSetSource(
            identity: Identity(port: subscriber.id, request: nil), slot: subscriber.core.slot,
            names: subscriber.core.service.node.names, needsCleanup: false, hasData: { subscriber.hasSamples },
            hasEnded: nil)
    }

    static func server<Request, Response>(_ server: Server<Request, Response>) -> WaitSetSource {
        WaitSetSource(
            identity: Identity(port: server.id, request: nil), slot: server.core.slot,
            names: server.core.service.node.names, needsCleanup: false, hasData: { server.hasRequests },
            hasEnded: nil)
    }

    /// A pending response, reached through its client's core, which the source keeps alive (the client's slot
    /// stays registered while the core lives, so the word stays the client's).
    static func pendingResponse<Request, Response>(
        _ pending: borrowing PendingResponse<Request, Response>
    ) -> WaitSetSource {
        let core = pending.core
        let (slot, requestId) = (pending.slot, pending.requestId)
        return WaitSetSource(
            identity: Identity(port: core.port, request: requestId), slot: core.slot,
            names: core.service.node.names, needsCleanup: true,
            hasData: { core.hasResponse(slot: slot, requestId: requestId) },
            hasEnded: { core.connectedServers(slot: slot, requestId: requestId) == 0 })
    }
}
