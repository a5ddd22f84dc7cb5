import IPCPlatform

/// Builds a ``WaitSet``: `let waitSet = try WaitSetBuilder().create()`.
public struct WaitSetBuilder: Sendable {
    /// The attachments a WaitSet holds unless ``capacity(_:)`` says otherwise.
    public static let defaultCapacity = 128
    /// The capacities a WaitSet supports: ports, deadlines and intervals together. Ports also count against the
    /// 128 futex words of one `futex_waitv` call (``WaitSetAttachmentError/exceedsMaxWakeWords(limit:)``).
    public static let supportedCapacity = 1...4096

    private var attachments = defaultCapacity
    private var handlesSignals = true

    /// A builder with the default capacity that ends runs on SIGINT and SIGTERM.
    public init() {}

    /// Sets how many attachments the WaitSet holds.
    /// - Parameter value: Within ``supportedCapacity``; checked by ``create()``.
    /// - Returns: The builder.
    public func capacity(_ value: Int) -> WaitSetBuilder {
        var copy = self
        copy.attachments = value
        return copy
    }

    /// Chooses whether SIGINT and SIGTERM end ``WaitSet/waitAndProcess(_:)`` (the default, which installs the
    /// handlers once per process as a node does) or are left to the process's own handling.
    /// - Parameter mode: The mode.
    /// - Returns: The builder.
    public func signalHandling(_ mode: NodeBuilder.SignalHandlingMode) -> WaitSetBuilder {
        var copy = self
        copy.handlesSignals = mode == .handleTerminationRequests
        return copy
    }

    /// Creates the WaitSet.
    /// - Returns: An empty WaitSet, to use from one thread (or task) at a time.
    /// - Throws: ``WaitSetCreateError/waitAnyUnsupported`` on a kernel without `futex_waitv`,
    ///   ``WaitSetCreateError/invalidCapacity(requested:supported:)``.
    public func create() throws(WaitSetCreateError) -> WaitSet {
        guard Self.supportedCapacity.contains(attachments) else {
            throw .invalidCapacity(requested: attachments, supported: Self.supportedCapacity)
        }
        guard Futex.isWaitAnyAvailable else { throw .waitAnyUnsupported }
        if handlesSignals { SignalHandling.install() }
        return WaitSet(capacity: attachments, handlesSignals: handlesSignals)
    }
}
