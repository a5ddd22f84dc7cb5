/// Why a ``WaitSet`` could not be created.
public enum WaitSetCreateError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kernel does not run `futex_waitv` (Linux 5.16 or later; `ENOSYS`, or a seccomp filter forbids it).
    case waitAnyUnsupported
    /// The requested capacity is outside what a WaitSet supports.
    case invalidCapacity(requested: Int, supported: ClosedRange<Int>)

    /// A sentence naming the problem and the fix.
    public var description: String {
        switch self {
        case .waitAnyUnsupported:
            "a WaitSet needs the futex_waitv system call (Linux 5.16 or later), which this kernel refused; run on a "
                + "newer kernel or allow syscall 449 in the container's seccomp profile"
        case .invalidCapacity(let requested, let supported):
            "a WaitSet holds \(supported.lowerBound)...\(supported.upperBound) attachments, not \(requested); "
                + "pass a value in that range to `WaitSetBuilder.capacity(_:)`"
        }
    }
}

/// Why something could not be attached to a ``WaitSet``.
public enum WaitSetAttachmentError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The WaitSet holds as many attachments as its capacity.
    case insufficientCapacity(capacity: Int)
    /// The ports attached so far already use every futex word one `futex_waitv` call watches (128): pending
    /// responses of one client share one word, every other port has its own.
    case exceedsMaxWakeWords(limit: Int)
    /// The port (or the pending response) is attached to this WaitSet already.
    case alreadyAttached(port: UInt64)
    /// A deadline or interval must be longer than zero.
    case invalidDuration(Duration)

    /// A sentence naming the limit or the problem, and the fix.
    public var description: String {
        switch self {
        case .insufficientCapacity(let capacity):
            "the WaitSet holds at most \(capacity) attachments; drop a guard first or raise "
                + "`WaitSetBuilder.capacity(_:)`"
        case .exceedsMaxWakeWords(let limit):
            "the WaitSet's ports already use \(limit) futex words, the most one futex_waitv call watches; "
                + "use a second WaitSet (on another thread or task) for the other ports"
        case .alreadyAttached(let port):
            "port \(String(port, radix: 16)) is attached to this WaitSet already; one guard per port reports all "
                + "of its readiness, keep using that one"
        case .invalidDuration(let duration):
            "a WaitSet deadline or interval must be longer than zero, not \(duration)"
        }
    }
}

/// Why a ``WaitSet`` run failed.
public enum WaitSetRunError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Nothing is attached: the wait would never end.
    case noAttachments
    /// The kernel refused the wait (the errno), for example a seccomp filter that forbids `futex_waitv`.
    case waitFailed(errno: Int32)
    /// A callback of this WaitSet started another run of it.
    case calledFromCallback

    /// A sentence naming the problem and the fix.
    public var description: String {
        switch self {
        case .noAttachments:
            "the WaitSet has no attachments, so waiting would never end; attach a port, deadline or interval first"
        case .waitFailed(let errno):
            "futex_waitv failed with errno \(errno); the WaitSet needs Linux 5.16 or later and syscall 449 allowed"
        case .calledFromCallback:
            "a WaitSet callback started another run of the same WaitSet; return from the callback instead and let "
                + "the running loop hand out the next attachment"
        }
    }
}

/// How a ``WaitSet`` run ended.
public enum WaitSetRunResult: Sendable, Equatable {
    /// SIGTERM arrived (with ``NodeBuilder/SignalHandlingMode/handleTerminationRequests``).
    case terminationRequest
    /// SIGINT arrived (Ctrl-C).
    case interrupt
    /// The callback returned ``CallbackProgression/stop``.
    case stopRequest
    /// Every attachment that was ready was handed to the callback (also when the timeout passed with none).
    case allEventsHandled
    /// The task running the async form was cancelled.
    case cancelled
}

/// What the callback of ``WaitSet/waitAndProcess(_:)`` wants next.
public enum CallbackProgression: Sendable, Equatable {
    /// Keep handing out ready attachments, and keep waiting.
    case `continue`
    /// Stop now: the run returns ``WaitSetRunResult/stopRequest``.
    case stop
}
