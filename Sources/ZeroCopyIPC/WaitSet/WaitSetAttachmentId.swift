/// Which attachment of a ``WaitSet`` the callback is called for, and why.
///
/// Compare it with the guard the attach call returned: `id == guard.id` (or ``hasEvent(from:)``) when the attached
/// port is ready or an interval elapsed, ``hasMissedDeadline(_:)`` when a deadline passed without the port becoming
/// ready. A missed deadline is never equal to the guard's id, so a callback that only handles data cannot mistake it
/// for data.
public struct WaitSetAttachmentId: Hashable, Sendable, CustomStringConvertible {
    /// Why the callback is called.
    public enum Reason: Hashable, Sendable {
        /// The attached port is ready: a sample, request, response, event, or the end of a response stream.
        case ready
        /// The deadline attached with the port passed without the port becoming ready.
        case missedDeadline
        /// The attached interval elapsed.
        case intervalElapsed
    }

    let waitSet: UInt64
    let attachment: UInt64
    /// Why the callback is called for the attachment.
    public let reason: Reason

    /// Whether the attachment of `guard` is ready (a port) or elapsed (an interval).
    /// - Parameter guard: A guard of this WaitSet.
    /// - Returns: `true` for exactly that attachment and not for a missed deadline.
    public func hasEvent(from guard: borrowing WaitSetGuard) -> Bool { self == `guard`.id }

    /// Whether the deadline attached with `guard` passed.
    /// - Parameter guard: A guard of this WaitSet returned by an `attachDeadline` call.
    /// - Returns: `true` for exactly that attachment when its deadline was missed.
    public func hasMissedDeadline(_ guard: borrowing WaitSetGuard) -> Bool {
        reason == .missedDeadline && waitSet == `guard`.id.waitSet && attachment == `guard`.id.attachment
    }

    /// The attachment's number in its WaitSet and the reason, for logs.
    public var description: String { "attachment \(attachment) (\(reason))" }
}

/// An attachment of a ``WaitSet``: dropping the guard detaches it. Noncopyable, so that exactly one owner decides
/// when the attachment ends. A guard keeps its WaitSet and the attached port alive.
///
/// A closure passed straight to ``WaitSet/waitAndProcess(_:)`` may use the guard; a closure stored in a variable
/// first should capture the guard's ``id`` instead (with Swift 6.3 a stored closure that captured a noncopyable
/// `let` destroyed it a second time at the end of its scope, in the WaitSet helper of the tests).
public struct WaitSetGuard: ~Copyable {
    let waitSet: WaitSet
    /// The id the callback receives when the attachment is ready (or its interval elapsed).
    public let id: WaitSetAttachmentId

    init(waitSet: WaitSet, id: WaitSetAttachmentId) {
        self.waitSet = waitSet
        self.id = id
    }

    deinit { waitSet.detach(id.attachment) }
}
