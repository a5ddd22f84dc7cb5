import IPCConcepts

/// The messages a port core handed out that are still alive, and whether its public port object is gone.
@usableFromInline
struct PortLifetime {
    @usableFromInline var messages = 0
    @usableFromInline var orphaned = false
}

/// A port core that stays alive while its messages exist, counting them with a plain integer instead of a
/// reference-count operation (an atomic read-modify-write) per message.
///
/// Messages refer to their core `unowned(unsafe)`. The public port (``Client``, ``Server``) holds the only strong
/// reference; when it goes while messages are alive, ``portDropped()`` keeps one extra reference that the last
/// message gives back (``messageEnded()`` returns `true`, and the message then releases the core). Plain integers
/// are enough because a port and its messages are used from one thread at a time, like the rest of the core.
@usableFromInline
protocol MessageIssuer: AnyObject {
    var lifetime: FixedBuffer<PortLifetime> { get }
}

extension MessageIssuer {
    /// A message was handed out.
    @inline(__always)
    func messageIssued() { lifetime[0].messages &+= 1 }

    /// A message is gone.
    /// - Returns: `true` when it was the last one and the port is gone: the caller must release the core then,
    ///   after its last use (`Unmanaged.passUnretained(core).release()`).
    @usableFromInline @inline(__always)
    func messageEnded() -> Bool {
        lifetime[0].messages &-= 1
        return lifetime[0].messages == 0 && lifetime[0].orphaned
    }

    /// The public port is gone: if messages are still alive, keep the core alive until the last one ends.
    func portDropped() {
        guard lifetime[0].messages > 0 else { return }
        lifetime[0].orphaned = true
        _ = Unmanaged.passRetained(self)
    }
}

extension Unmanaged {
    /// Calls `body` with the instance borrowed, without the retain and release that turning the unmanaged
    /// reference into a strong one costs (an atomic operation each). Messages reach their core this way: the core
    /// outlives them by construction (see ``MessageIssuer``).
    @inlinable @inline(__always)
    func borrow<Result, Failure: Error>(_ body: (Instance) throws(Failure) -> Result) throws(Failure) -> Result {
        let outcome: Swift.Result<Result, Failure> = _withUnsafeGuaranteedRef { instance in
            do throws(Failure) {
                return .success(try body(instance))
            } catch {
                return .failure(error)
            }
        }
        return try outcome.get()
    }

    /// Ends a message of this core, releasing the core when it was the last message of a dropped port.
    @inlinable @inline(__always)
    func endMessage(_ ended: (Instance) -> Bool) {
        if _withUnsafeGuaranteedRef(ended) { release() }
    }
}
