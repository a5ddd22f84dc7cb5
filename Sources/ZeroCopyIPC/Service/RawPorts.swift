// What a short-lived tool publisher (`zcipc service publish`) needs beyond RawMessageAccess: whether the
// subscribers it delivered to have taken its samples yet. A subscriber meets a publisher's queues only when it next
// looks at the service, and a publisher that leaves before that takes its queues (and what waits in them) along;
// so a publisher that sends once and exits stays until its samples are taken.

extension Publisher {
    /// The samples delivered to connected subscribers that they have not given back yet (still queued, or held),
    /// after taking back what they returned. 0 once every subscriber took and released everything it was sent;
    /// the service's history, which the publisher keeps itself, does not count.
    package var samplesNotYetReturned: Int {
        core.updateConnections()
        let sender = core.sender
        sender.drainReturns()
        return (0..<sender.connectedCount).reduce(0) { sum, position in
            sum + sender.memory.heldCount(peer: sender.connectedReceiver(position))
        }
    }
}
