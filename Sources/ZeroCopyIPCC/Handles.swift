import CZeroCopyIPC
import Synchronization
import ZeroCopyIPC

/// Every object the C API hands out is a subclass; C sees a pointer to it as an opaque handle.
class Handle {}

/// The handles C holds now. Every call looks its handle up here before touching it, so a NULL, foreign, dropped or
/// wrong-kind handle is an error code instead of undefined behaviour. Lookups take an uncontended lock and never
/// allocate: the set only grows while more handles are out at once than ever before.
enum LiveHandles {
    static let table = Mutex<Set<UInt>>(Set(minimumCapacity: 256))

    /// Hands `handle` to C, retaining it until ``retire(_:)``.
    static func publish(_ handle: Handle) -> OpaquePointer {
        let pointer = Unmanaged.passRetained(handle).toOpaque()
        _ = table.withLock { $0.insert(UInt(bitPattern: pointer)) }
        return OpaquePointer(pointer)
    }

    /// The live handle behind `pointer`, of kind `T`.
    /// - Throws: NULL, dropped or foreign pointer, or a handle of another kind.
    @inline(__always)
    static func resolve<T: Handle>(
        _ pointer: OpaquePointer?, as _: T.Type, _ argument: String, in function: String
    ) throws(Failure) -> T {
        guard let pointer else { throw .null(argument, in: function) }
        let raw = UnsafeRawPointer(pointer)
        guard table.withLock({ $0.contains(UInt(bitPattern: raw)) }) else {
            throw Failure(
                ZC_ERROR_INVALID_HANDLE,
                "\(function): '\(argument)' is not a live handle (dropped or sent already, or never created); "
                    + "use each handle until its drop or send, and only once after it")
        }
        guard let typed = Unmanaged<Handle>.fromOpaque(raw).takeUnretainedValue() as? T else {
            throw Failure(
                ZC_ERROR_INVALID_HANDLE,
                "\(function): '\(argument)' is a handle of another kind; pass the handle its type names")
        }
        return typed
    }

    /// Takes the handle back from C: later uses of the pointer are refused. Balances ``publish(_:)``.
    static func retire(_ handle: Handle) {
        let pointer = Unmanaged.passUnretained(handle).toOpaque()
        _ = table.withLock { $0.remove(UInt(bitPattern: pointer)) }
        Unmanaged.passUnretained(handle).release()
    }
}

/// A port handle (client, server, publisher, subscriber): its messages keep it, and through it the Swift port's
/// core, alive; ``close()`` ends the port for C while messages it handed out live on.
class PortHandle: Handle {
    /// Set when C dropped the port: messages that come back are freed instead of kept for reuse.
    private(set) var isClosed = false

    func close() { isClosed = true }
}

/// A loan or received message handed to C, with what C reads from it copied out once (`info`: its payload view
/// and header), so that reading needs no access to the noncopyable message.
final class MessageHandle<Message: ~Copyable, Info>: Handle {
    var message: Message?
    var info: Info
    let owner: PortHandle
    let pool: MessagePool<Message, Info>

    init(message: consuming Message, info: Info, owner: PortHandle, pool: MessagePool<Message, Info>) {
        self.message = consume message
        self.info = info
        self.owner = owner
        self.pool = pool
    }
}

/// Message handles a port reuses, so that a loan or receive in the steady state allocates nothing.
final class MessagePool<Message: ~Copyable, Info> {
    private var spare: [MessageHandle<Message, Info>] = []

    init() { spare.reserveCapacity(8) }

    /// A handle for `message`, reused when one is spare.
    func handOut(_ message: consuming Message, info: Info, owner: PortHandle) -> OpaquePointer {
        if let handle = spare.popLast() {
            handle.message = consume message
            handle.info = info
            return LiveHandles.publish(handle)
        }
        return LiveHandles.publish(MessageHandle(message: message, info: info, owner: owner, pool: self))
    }

    /// Takes a handle back whose message was sent or dropped; keeps it for reuse while its port is open.
    func takeBack(_ handle: MessageHandle<Message, Info>) {
        if !handle.owner.isClosed { spare.append(handle) }
        LiveHandles.retire(handle)
    }

    /// Forgets the spare handles (the port was dropped; this also ends their references to it).
    func drain() { spare.removeAll() }
}

extension MessageHandle where Message: ~Copyable {
    /// Drops the message (giving its memory back) and the handle.
    func drop() {
        _ = message.take()
        pool.takeBack(self)
    }
}
