import Synchronization

/// Notices that ports came or went in a service: every port reads the service's change counter once per operation,
/// and walks the port tables only when it moved.
struct ConnectionWatch {
    private let counter: UnsafeMutablePointer<Atomic<UInt64>>
    private var seen: UInt64 = .max

    /// Watches the service in `segment`; the first look reports a change.
    init(_ segment: ServiceSegment) { counter = segment.changeCounter }

    /// Whether ports came or went since the last look that said so.
    @inline(__always)
    mutating func changed() -> Bool {
        let now = counter.pointee.load(ordering: .acquiring)
        guard now != seen else { return false }
        seen = now
        return true
    }

    /// Makes the next look report a change: a peer was not ready yet and is looked at again.
    mutating func lookAgain() { seen = .max }
}

extension PortSlot {
    /// The port registered in the slot and its node (0 and whatever node claimed it: no port).
    @inline(__always)
    var registration: (port: UInt64, node: UInt64) {
        (port.pointee.load(ordering: .acquiring), node.pointee.load(ordering: .acquiring))
    }
}
