import CZeroCopyIPC
import Glibc
import Synchronization
@_spi(Untyped) import ZeroCopyIPC

/// Every object the C API hands out is a subclass; C sees the address of its record in ``LiveHandles``.
class Handle {
    /// The index of this handle's record while it has one (-1 before its first ``LiveHandles/publish(_:in:)``).
    @exclusivity(unchecked) final var record = -1

    /// The tag of this class's records: its metatype's address (message handles use a constant instead).
    class var tag: UInt { UInt(bitPattern: ObjectIdentifier(self)) }
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

    private static func reserve() -> UnsafeMutablePointer<HandleRecord>? {
        guard
            let memory = mmap(
                nil, capacity * stride, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0),
            memory != MAP_FAILED
        else { return nil }
        return memory.bindMemory(to: HandleRecord.self, capacity: capacity)
    }

    /// Records never used yet start at `used`; taken-back ones wait in `free`. At most `limit` are used: the
    /// capacity, or less when the environment's `ZEROCOPYIPC_C_MAX_HANDLES` says so (so that a test reaches the
    /// limit without millions of handles).
    private struct Allocator {
        var used = 0
        var free: [Int] = []
        let limit: Int = {
            guard let text = getenv("ZEROCOPYIPC_C_MAX_HANDLES"), let value = Int(String(cString: text)), value > 0
            else { return LiveHandles.capacity }
            return min(value, LiveHandles.capacity)
        }()
    }

    private static let allocator = Mutex(Allocator())

    /// The type tag of `T`'s live handles.
    @inline(__always)
    static func tag<T: Handle>(_: T.Type) -> UInt { T.tag }

    /// Hands `handle` to C, retaining it until ``retire(_:keepRecord:)``; a handle that had a record before (a
    /// reused message handle) gets the same one back.
    /// - Throws: C holds as many handles as there are records (``capacity``), or there is no memory for them.
    @inline(__always)
    static func publish<T: Handle>(_ handle: T, in function: String) throws(Failure) -> OpaquePointer {
        if handle.record < 0 { handle.record = try allocate(in: function) }
        let record = records + handle.record
        record.pointee.object = Unmanaged.passRetained(handle as Handle).toOpaque()
        record.pointee.type = tag(T.self)
        return OpaquePointer(record)
    }

    /// ``publish(_:in:)`` for a handle already retained for C (`handle`) that has its record.
    @inline(__always)
    static func publish<T: Handle>(retained handle: Unmanaged<T>, record index: Int) -> OpaquePointer {
        let record = records + index
        record.pointee.object = UnsafeMutableRawPointer(handle.toOpaque())
        record.pointee.type = tag(T.self)
        return OpaquePointer(record)
    }

    private static func allocate(in function: String) throws(Failure) -> Int {
        let index: Int? = allocator.withLock { state in
            if handleRecords == nil { handleRecords = reserve() }  // before any handle reaches C
            guard handleRecords != nil else { return nil }
            if let index = state.free.popLast() { return index }
            guard state.used < state.limit else { return nil }
            state.used += 1
            return state.used - 1
        }
        guard let index else { throw tooManyHandles(in: function) }
        return index
    }

    @inline(never)
    private static func tooManyHandles(in function: String) -> Failure {
        let limit = allocator.withLock { $0.limit }
        return Failure(
            ZC_ERROR_OUT_OF_MEMORY,
            "\(function): C holds \(limit) handles of this library already (or no memory could be reserved for them), "
                + "and no handle is given out beyond that; drop the handles you no longer use")
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

    /// Takes the handle back from C: later uses of the pointer are refused. Balances ``publish(_:in:)``. With
    /// `keepRecord` the handle keeps its record for its next ``publish(_:in:)`` (a message handle its port reuses), and
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

/// A message C holds through a handle: a ticket of the port's untyped calls (`RawRequestLoan`, `RawSample`, …),
/// plain data, with the constant that tags its handles' records (so that checking a message handle reads no type
/// metadata).
protocol MessageTicket {
    static var tag: UInt { get }
}

/// A loan or received message handed to C: its ticket, which also holds what C reads from it (payload view,
/// header), so that reading a message is one load.
final class MessageHandle<Ticket: MessageTicket>: Handle {
    @exclusivity(unchecked) var ticket: Ticket
    /// The port: kept alive while C holds the message. (`let`s of a borrowed handle are read without a retain.)
    let owner: PortHandle
    /// The port's pool of these handles (a cycle while spare, ended by ``MessagePool/drain()`` when the port goes).
    let pool: MessagePool<Ticket>
    /// The next spare handle of the pool while this one is spare.
    @exclusivity(unchecked) var nextSpare: Unmanaged<MessageHandle<Ticket>>?

    override class var tag: UInt { Ticket.tag }

    init(ticket: Ticket, owner: PortHandle, pool: MessagePool<Ticket>) {
        self.ticket = ticket
        self.owner = owner
        self.pool = pool
    }

    /// Takes the handle back (its message was sent or dropped): later uses of the pointer are refused. Read what
    /// the handle holds before: this may free it.
    @inline(__always)
    func end() { pool.takeBack(self) }
}

/// Message handles a port reuses, so that a loan or receive in the steady state allocates nothing: a stack linked
/// through the handles themselves (no array, so no uniqueness checks or reallocation on the hot path).
final class MessagePool<Ticket: MessageTicket> {
    /// The top spare handle, retained by the pool; each links to the next through `nextSpare`.
    @exclusivity(unchecked) private var top: Unmanaged<MessageHandle<Ticket>>?

    init() {}

    /// A handle for `ticket`, reused when one is spare.
    /// - Throws: C holds ``LiveHandles/capacity`` handles already.
    @inline(__always)
    func handOut(_ ticket: Ticket, owner: PortHandle, in function: String) throws(Failure) -> OpaquePointer {
        if let spare = top {
            // The pool's reference passes to C: no retain and no release, and the handle is only borrowed here.
            return spare._withUnsafeGuaranteedRef { handle in
                top = handle.nextSpare
                handle.nextSpare = nil
                handle.ticket = ticket
                return LiveHandles.publish(retained: spare, record: handle.record)
            }
        }
        return try handOutNew(ticket, owner: owner, in: function)
    }

    /// ``handOut(_:owner:in:)`` without a spare handle: a new one (and perhaps a new record). Out of line: the
    /// steady state reuses handles, and the allocation and its failure's message would bloat every hot export.
    @inline(never)
    private func handOutNew(_ ticket: Ticket, owner: PortHandle, in function: String) throws(Failure) -> OpaquePointer {
        try LiveHandles.publish(MessageHandle(ticket: ticket, owner: owner, pool: self), in: function)
    }

    /// Takes a handle back whose message was sent or dropped; keeps it (and its record) for reuse while its port is
    /// open.
    @inline(__always)
    func takeBack(_ handle: MessageHandle<Ticket>) {
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
