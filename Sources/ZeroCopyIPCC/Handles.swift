import CZeroCopyIPC
import Glibc
import Synchronization
import ZeroCopyIPC

/// Every object the C API hands out is a subclass; C sees the address of its record in ``LiveHandles``.
class Handle {
    /// The index of this handle's record while it has one (-1 before its first ``LiveHandles/publish(_:)``).
    @exclusivity(unchecked) final var record = -1
}

/// The start of ``LiveHandles``' records, set once (under its lock) before the first handle is handed out.
nonisolated(unsafe) private var handleRecords: UnsafeMutablePointer<HandleRecord>? = nil

/// One handle as C sees it: the address of this record. `type` names the class of the live handle behind it (its
/// metatype's address), 0 while the record is free or its handle was taken back.
struct HandleRecord {
    var type: UInt
    var object: UnsafeMutableRawPointer?
}

/// The handles C holds now, as records in one range reserved once and never unmapped, so that checking a handle
/// reads only memory that is always ours: a pointer outside the range, not on a record or on a record of another
/// or no live handle is an error code instead of undefined behaviour. A check is a range test and one comparison:
/// no lock, no hashing, no dynamic cast. Only creating a record (a new node, service, port, or the first loan of a
/// port beyond those it reuses) takes a lock; message handles keep their record while their port reuses them.
enum LiveHandles {
    /// Records at most: the reservation is virtual (pages are touched as records are first used).
    static let capacity = 1 << 22
    static let stride = MemoryLayout<HandleRecord>.stride

    /// The reserved records; before the first handle there are none, and every pointer is refused. A global with a
    /// constant initial value: reading it needs no lazy-initialisation check (as a `static let` would).
    static var records: UnsafeMutablePointer<HandleRecord> {
        @inline(__always) get { handleRecords ?? UnsafeMutablePointer(bitPattern: UInt.max & ~0xFFFF)! }
    }

    private static func reserve() -> UnsafeMutablePointer<HandleRecord> {
        let bytes = capacity * stride
        guard
            let memory = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0),
            memory != MAP_FAILED
        else { fatalError("zerocopyipc: cannot reserve \(bytes) bytes of address space for the C API's handles") }
        return memory.bindMemory(to: HandleRecord.self, capacity: capacity)
    }

    /// Records never used yet start at `used`; taken-back ones wait in `free`.
    private struct Allocator {
        var used = 0
        var free: [Int] = []
    }

    private static let allocator = Mutex(Allocator())

    /// The type tag of `T`'s live handles.
    @inline(__always)
    static func tag<T: Handle>(_: T.Type) -> UInt { UInt(bitPattern: ObjectIdentifier(T.self)) }

    /// Hands `handle` to C, retaining it until ``retire(_:)``; a handle that had a record before (a reused message
    /// handle) gets the same one back.
    @inline(__always)
    static func publish<T: Handle>(_ handle: T) -> OpaquePointer {
        if handle.record < 0 { handle.record = allocate() }
        let record = records + handle.record
        record.pointee.object = Unmanaged.passRetained(handle as Handle).toOpaque()
        record.pointee.type = tag(T.self)
        return OpaquePointer(record)
    }

    /// ``publish(_:)`` for a handle already retained for C (`handle`) that has its record.
    @inline(__always)
    static func publish<T: Handle>(retained handle: Unmanaged<T>, record index: Int) -> OpaquePointer {
        let record = records + index
        record.pointee.object = UnsafeMutableRawPointer(handle.toOpaque())
        record.pointee.type = tag(T.self)
        return OpaquePointer(record)
    }

    private static func allocate() -> Int {
        allocator.withLock { state in
            if handleRecords == nil { handleRecords = reserve() }  // before any handle reaches C
            if let index = state.free.popLast() { return index }
            guard state.used < capacity else {
                fatalError("zerocopyipc: more than \(capacity) C API handles at once; drop the handles you no longer use")
            }
            state.used += 1
            return state.used - 1
        }
    }

    /// The live handle behind `pointer`, of class `T`, or nil (NULL, not a record, no live handle of class `T`).
    @inline(__always)
    static func lookup<T: Handle>(_ pointer: OpaquePointer?, as _: T.Type) -> Unmanaged<T>? {
        guard let pointer else { return nil }
        let offset = UInt(bitPattern: Int(bitPattern: UnsafeRawPointer(pointer)) &- Int(bitPattern: records))
        guard offset < UInt(capacity * stride), offset % UInt(stride) == 0 else { return nil }
        let record = UnsafeRawPointer(pointer).assumingMemoryBound(to: HandleRecord.self)
        guard record.pointee.type == tag(T.self), let object = record.pointee.object else { return nil }
        return Unmanaged<T>.fromOpaque(object)
    }

    /// The live handle behind `pointer`, of class `T`.
    /// - Throws: NULL, dropped or foreign pointer, or a handle of another kind.
    @inline(__always)
    static func resolve<T: Handle>(
        _ pointer: OpaquePointer?, as _: T.Type, _ argument: String, in function: String
    ) throws(Failure) -> T {
        if let handle = lookup(pointer, as: T.self) { return handle.takeUnretainedValue() }
        throw failure(pointer, argument, in: function)
    }

    /// Why `pointer` is no live handle (it is not one of the expected kind).
    @inline(never)
    static func failure(_ pointer: OpaquePointer?, _ argument: String, in function: String) -> Failure {
        guard let pointer else { return .null(argument, in: function) }
        let offset = UInt(bitPattern: Int(bitPattern: UnsafeRawPointer(pointer)) &- Int(bitPattern: records))
        guard offset < UInt(capacity * stride), offset % UInt(stride) == 0,
            UnsafeRawPointer(pointer).assumingMemoryBound(to: HandleRecord.self).pointee.type != 0
        else { return notLive(argument, in: function) }
        return otherKind(argument, in: function)
    }

    @inline(never)
    private static func notLive(_ argument: String, in function: String) -> Failure {
        Failure(
            ZC_ERROR_INVALID_HANDLE,
            "\(function): '\(argument)' is not a live handle (dropped or sent already, or never created); "
                + "use each handle until its drop or send, and only once after it")
    }

    @inline(never)
    private static func otherKind(_ argument: String, in function: String) -> Failure {
        Failure(ZC_ERROR_INVALID_HANDLE, "\(function): '\(argument)' is a handle of another kind; pass the handle its type names")
    }

    /// Takes the handle back from C: later uses of the pointer are refused. Balances ``publish(_:)``. With
    /// `keepRecord` the handle keeps its record for its next ``publish(_:)`` (a message handle its port reuses), and
    /// the reference C held passes to the caller (the pool), without a release and a retain.
    @inline(__always)
    static func retire(_ handle: Handle, keepRecord: Bool = false) {
        let record = records + handle.record
        record.pointee.type = 0
        record.pointee.object = nil
        if keepRecord { return }
        release(handle)
        Unmanaged.passUnretained(handle).release()
    }

    /// Gives the record of a handle that will not be published again back for reuse.
    static func release(_ handle: Handle) {
        guard handle.record >= 0 else { return }
        let index = handle.record
        handle.record = -1
        allocator.withLock { $0.free.append(index) }
    }
}

/// A port handle (client, server, publisher, subscriber): its messages keep it, and through it the Swift port's
/// core, alive; ``close()`` ends the port for C while messages it handed out live on.
class PortHandle: Handle {
    /// Set when C dropped the port: messages that come back are freed instead of kept for reuse.
    @exclusivity(unchecked) private(set) final var isClosed = false

    func close() { isClosed = true }
}

/// A loan or received message handed to C, with what C reads from it copied out once (`info`: its payload view
/// and header), so that reading needs no access to the noncopyable message.
final class MessageHandle<Message: ~Copyable, Info>: Handle {
    @exclusivity(unchecked) var message: Message?
    @exclusivity(unchecked) var info: Info
    /// The port: kept alive while C holds the message. (`let`s of a borrowed handle are read without a retain.)
    let owner: PortHandle
    /// The port's pool of these handles (a cycle while spare, ended by ``MessagePool/drain()`` when the port goes).
    let pool: MessagePool<Message, Info>
    /// The next spare handle of the pool while this one is spare.
    @exclusivity(unchecked) var nextSpare: Unmanaged<MessageHandle<Message, Info>>?

    init(message: consuming Message, info: Info, owner: PortHandle, pool: MessagePool<Message, Info>) {
        self.message = consume message
        self.info = info
        self.owner = owner
        self.pool = pool
    }
}

/// Message handles a port reuses, so that a loan or receive in the steady state allocates nothing: a stack linked
/// through the handles themselves (no array, so no uniqueness checks or reallocation on the hot path).
final class MessagePool<Message: ~Copyable, Info> {
    /// The top spare handle, retained by the pool; each links to the next through `nextSpare`.
    @exclusivity(unchecked) private var top: Unmanaged<MessageHandle<Message, Info>>?

    init() {}

    /// A handle for `message`, reused when one is spare.
    @inline(__always)
    func handOut(_ message: consuming Message, info: Info, owner: PortHandle) -> OpaquePointer {
        if let spare = top {
            // The pool's reference passes to C: no retain and no release, and the handle is only borrowed here.
            var moved: Message? = consume message
            return spare._withUnsafeGuaranteedRef { handle in
                top = handle.nextSpare
                handle.nextSpare = nil
                handle.message = moved.take()
                handle.info = info
                return LiveHandles.publish(retained: spare, record: handle.record)
            }
        }
        return LiveHandles.publish(MessageHandle(message: message, info: info, owner: owner, pool: self))
    }

    /// Takes a handle back whose message was sent or dropped; keeps it (and its record) for reuse while its port is
    /// open.
    @inline(__always)
    func takeBack(_ handle: MessageHandle<Message, Info>) {
        let keep = !handle.owner.isClosed
        if keep {
            handle.nextSpare = top
            top = Unmanaged.passUnretained(handle)  // the reference C held, passed on by retire(keepRecord: true)
        }
        LiveHandles.retire(handle, keepRecord: keep)
    }

    /// Forgets the spare handles (the port was dropped; this also ends their references to it).
    func drain() {
        while let spare = top {
            let handle = spare.takeRetainedValue()
            top = handle.nextSpare
            handle.nextSpare = nil
            LiveHandles.release(handle)
        }
    }

    deinit { drain() }
}

extension MessageHandle where Message: ~Copyable {
    /// Drops the message (giving its memory back) and the handle.
    @inline(__always)
    func drop() {
        _ = message.take()
        pool.takeBack(self)
    }
}
