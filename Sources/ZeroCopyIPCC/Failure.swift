import CZeroCopyIPC
import Glibc

/// A failed C API call: the code it returns and the sentence `zc_last_error_message()` then gives.
struct Failure: Error {
    let code: zc_result
    let message: String

    init(_ code: zc_result, _ message: String) {
        self.code = code
        self.message = message
    }

    /// A required pointer argument was NULL. (Out of line: the message is built only on failure, and the hot
    /// exports that check arguments stay small.)
    @inline(never)
    static func null(_ argument: String, in function: String) -> Failure {
        Failure(ZC_ERROR_NULL_ARGUMENT, "\(function): '\(argument)' is NULL; pass a valid pointer")
    }
}

/// Runs the body of an exported function: its result, or the failure's code with the message stored for the
/// calling thread. The body runs inline (no allocation on the success path).
@inline(__always)
func exported(_ body: () throws(Failure) -> Void) -> zc_result {
    do {
        try body()
        return ZC_OK
    } catch {
        return failed(error)
    }
}

/// Runs the body of an exported function on the live handle behind `pointer`, borrowed for the call (no retain or
/// release: C owns the handle, and a port and its messages are used from one thread at a time); the failure's code
/// when `pointer` is no live handle of class `T`. The hot paths (loans, sends, receives, payloads, drops) use this.
@inline(__always)
func exported<T: Handle>(
    _ pointer: OpaquePointer?, as _: T.Type, _ argument: String, in function: String,
    _ body: (T) throws(Failure) -> Void
) -> zc_result {
    guard let handle = LiveHandles.lookup(pointer, as: T.self) else { return rejected(pointer, argument, in: function) }
    return handle._withUnsafeGuaranteedRef { handle in exported { () throws(Failure) in try body(handle) } }
}

/// ``exported(_:as:_:in:_:)`` for a body that returns its code itself (no typed throw to unwind): the hot calls
/// use this, so that the body inlines into the exported function and the failures stay out of line.
@inline(__always)
func borrowed<T: Handle>(
    _ pointer: OpaquePointer?, as _: T.Type, _ argument: String, in function: String, _ body: (T) -> zc_result
) -> zc_result {
    guard let handle = LiveHandles.lookup(pointer, as: T.self) else { return rejected(pointer, argument, in: function) }
    return handle._withUnsafeGuaranteedRef(body)
}

/// The code of a call given NULL for a required pointer, its message stored (out of line).
@inline(never)
func nullArgument(_ argument: String, in function: String) -> zc_result {
    failed(.null(argument, in: function))
}

/// The code of a call given no live handle of the expected kind, its message stored. Out of line, like
/// ``failed(_:)``, which takes the failure (its release happens there too): the hot exports keep only the checks.
@inline(never)
func rejected(_ pointer: OpaquePointer?, _ argument: String, in function: String) -> zc_result {
    failed(LiveHandles.failure(pointer, argument, in: function))
}

/// Stores the failure's message for the calling thread and returns its code.
@inline(never)
func failed(_ failure: consuming Failure) -> zc_result {
    LastError.set(failure.message)
    return failure.code
}

/// The calling thread's last error message, in a buffer the thread owns (freed when the thread ends).
enum LastError {
    /// The pthread key of the per-thread message; created once.
    static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key) { free($0) }
        return key
    }()

    /// An empty string for threads without a message.
    nonisolated(unsafe) static let empty: UnsafePointer<CChar> = UnsafePointer(strdup("")!)

    static func set(_ message: String) {
        let previous = pthread_getspecific(key)
        pthread_setspecific(key, strdup(message))
        free(previous)
    }

    static var current: UnsafePointer<CChar> {
        guard let text = pthread_getspecific(key) else { return empty }
        return UnsafePointer(text.assumingMemoryBound(to: CChar.self))
    }
}

/// Reads a C string argument.
func string(_ pointer: UnsafePointer<CChar>?, _ argument: String, in function: String) throws(Failure) -> String {
    guard let pointer else { throw .null(argument, in: function) }
    return String(cString: pointer)
}

/// Writes an out-parameter, refusing NULL.
@inline(__always)
func store<T>(_ value: T, _ out: UnsafeMutablePointer<T>?, _ argument: String, in function: String)
    throws(Failure)
{
    guard let out else { throw .null(argument, in: function) }
    out.pointee = value
}

/// Checks an out-parameter before the call does anything that would need undoing.
@inline(__always)
func require<T>(_ out: UnsafeMutablePointer<T>?, _ argument: String, in function: String)
    throws(Failure) -> UnsafeMutablePointer<T>
{
    guard let out else { throw .null(argument, in: function) }
    return out
}

/// A timeout in nanoseconds as a Duration.
func duration(nanoseconds: UInt64) -> Duration { .nanoseconds(Int64(clamping: nanoseconds)) }

/// The message and name of every result code.
@c public func zc_last_error_message() -> UnsafePointer<CChar> { LastError.current }

@c public func zc_result_name(_ result: zc_result) -> UnsafePointer<CChar> {
    let name: StaticString =
        switch result {
        case ZC_OK: "ZC_OK"
        case ZC_ERROR_NULL_ARGUMENT: "ZC_ERROR_NULL_ARGUMENT"
        case ZC_ERROR_INVALID_HANDLE: "ZC_ERROR_INVALID_HANDLE"
        case ZC_ERROR_INVALID_ARGUMENT: "ZC_ERROR_INVALID_ARGUMENT"
        case ZC_ERROR_NO_USER_HEADER: "ZC_ERROR_NO_USER_HEADER"
        case ZC_ERROR_NODE_CREATE: "ZC_ERROR_NODE_CREATE"
        case ZC_ERROR_TERMINATION_REQUEST: "ZC_ERROR_TERMINATION_REQUEST"
        case ZC_ERROR_INTERRUPT: "ZC_ERROR_INTERRUPT"
        case ZC_ERROR_SERVICE_DOES_NOT_EXIST: "ZC_ERROR_SERVICE_DOES_NOT_EXIST"
        case ZC_ERROR_SERVICE_ALREADY_EXISTS: "ZC_ERROR_SERVICE_ALREADY_EXISTS"
        case ZC_ERROR_INCOMPATIBLE_TYPES: "ZC_ERROR_INCOMPATIBLE_TYPES"
        case ZC_ERROR_INCOMPATIBLE_MESSAGING_PATTERN: "ZC_ERROR_INCOMPATIBLE_MESSAGING_PATTERN"
        case ZC_ERROR_UNSUPPORTED_AMOUNT: "ZC_ERROR_UNSUPPORTED_AMOUNT"
        case ZC_ERROR_INCOMPATIBLE_BEHAVIOR: "ZC_ERROR_INCOMPATIBLE_BEHAVIOR"
        case ZC_ERROR_INCOMPATIBLE_ATTRIBUTES: "ZC_ERROR_INCOMPATIBLE_ATTRIBUTES"
        case ZC_ERROR_EXCEEDS_MAX_NODES: "ZC_ERROR_EXCEEDS_MAX_NODES"
        case ZC_ERROR_SERVICE_UNAVAILABLE: "ZC_ERROR_SERVICE_UNAVAILABLE"
        case ZC_ERROR_INVALID_PAYLOAD_LAYOUT: "ZC_ERROR_INVALID_PAYLOAD_LAYOUT"
        case ZC_ERROR_EXCEEDS_MAX_PORTS: "ZC_ERROR_EXCEEDS_MAX_PORTS"
        case ZC_ERROR_BUFFER_SIZE_EXCEEDS_SERVICE: "ZC_ERROR_BUFFER_SIZE_EXCEEDS_SERVICE"
        case ZC_ERROR_EXCEEDS_MAX_LOANS: "ZC_ERROR_EXCEEDS_MAX_LOANS"
        case ZC_ERROR_EXCEEDS_MAX_LOAN_SIZE: "ZC_ERROR_EXCEEDS_MAX_LOAN_SIZE"
        case ZC_ERROR_OUT_OF_MEMORY: "ZC_ERROR_OUT_OF_MEMORY"
        case ZC_ERROR_EXCEEDS_MAX_ACTIVE_REQUESTS: "ZC_ERROR_EXCEEDS_MAX_ACTIVE_REQUESTS"
        case ZC_ERROR_RECEIVER_BUFFER_FULL: "ZC_ERROR_RECEIVER_BUFFER_FULL"
        case ZC_ERROR_CONNECTION_CLOSED: "ZC_ERROR_CONNECTION_CLOSED"
        case ZC_ERROR_EXCEEDS_MAX_BORROWS: "ZC_ERROR_EXCEEDS_MAX_BORROWS"
        case ZC_ERROR_EVENT_ID_OUT_OF_BOUNDS: "ZC_ERROR_EVENT_ID_OUT_OF_BOUNDS"
        case ZC_ERROR_MISSED_DEADLINE: "ZC_ERROR_MISSED_DEADLINE"
        case ZC_ERROR_INTERNAL: "ZC_ERROR_INTERNAL"
        default: "ZC_ERROR_UNKNOWN"
        }
    return UnsafeRawPointer(name.utf8Start).assumingMemoryBound(to: CChar.self)
}
