/// How a port's data memory grows when a loan asks for a longer slice than the current segment holds.
public enum AllocationStrategy: Sendable, Hashable {
    /// Never grow: a longer loan fails with ``LoanError/exceedsMaxLoanSize(requested:maximum:)`` (default).
    case `static`
    /// Grow to exactly the requested length.
    case bestFit
    /// Grow to the next power of two at or above the requested length.
    case powerOfTwo
}

/// What a sender does when a receiver's buffer is full and safe overflow is off.
public enum UnableToDeliverStrategy: Sendable, Hashable {
    /// Wait (yielding the CPU) until the receiver makes room or disconnects.
    case block
    /// Skip that receiver (default); a send that reaches no receiver at all fails with
    /// ``SendError/receiverBufferFull``.
    case discardData
}
