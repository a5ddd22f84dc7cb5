import Glibc
import IPCPlatform

/// Builds a ``Node``: `let node = try NodeBuilder().name("camera").create()`.
public struct NodeBuilder: Sendable {
    private var nodeName = ""
    private var nodeConfig: Config?
    private var handlesSignals = true

    /// Whether a node installs SIGINT/SIGTERM handlers.
    public enum SignalHandlingMode: Sendable, Hashable {
        /// SIGINT and SIGTERM no longer end the process; ``Node/wait(_:)`` throws instead, so that a loop ends
        /// and every port gives its shared memory back (default, as in iceoryx2).
        case handleTerminationRequests
        /// The process keeps the signal handling it has.
        case disabled
    }

    /// A builder with no name and the discovered config (see ``Config/discover(name:)``).
    public init() {}

    /// Sets the node's name, shown by ``Node/list(config:)``.
    /// - Parameter name: At most 255 bytes.
    /// - Returns: The builder.
    public func name(_ name: String) -> NodeBuilder { with { $0.nodeName = name } }

    /// Chooses whether the node installs SIGINT/SIGTERM handlers (once per process).
    /// - Parameter mode: The mode; the default is ``SignalHandlingMode/handleTerminationRequests``.
    /// - Returns: The builder.
    public func signalHandling(_ mode: SignalHandlingMode) -> NodeBuilder {
        with { $0.handlesSignals = mode == .handleTerminationRequests }
    }

    /// Uses `config` instead of the discovered one.
    /// - Parameter config: The config.
    /// - Returns: The builder.
    public func config(_ config: Config) -> NodeBuilder { with { $0.nodeConfig = config } }

    /// Creates the node: its locked monitor file under the config's root, then cleans up after dead nodes.
    /// - Returns: The node.
    /// - Throws: ``NodeCreateError``.
    public func create() throws(NodeCreateError) -> Node {
        guard nodeName.utf8.count <= 255, !nodeName.contains("\n") else { throw .invalidName(nodeName) }
        let config: Config
        do throws(ConfigError) {
            let chosen: Config
            if let nodeConfig { chosen = nodeConfig } else { chosen = try Config.discover() }
            config = try chosen.validated(file: nil)
        } catch {
            throw .invalidConfig(error)
        }
        do {
            try RootFolder.createIfMissing(
                path: config.rootPath,
                permissions: config.sharedBetweenUsers ? RootFolder.sharedBetweenUsers : RootFolder.ownerOnly)
        } catch {
            if error == .permissionDenied || error == .readOnlyFileSystem {
                throw .insufficientPermissions(path: config.rootPath)
            }
            throw .internalFailure("creating the root folder '\(config.rootPath)': \(error)")
        }
        let names = Names(config: config)
        var created: (id: UInt64, monitor: MonitorFile)?
        for _ in 0..<10 where created == nil {
            let id = UniqueID.make()
            do {
                created = (id, try MonitorFile.create(path: names.nodeFile(id), contents: "\(nodeName)\n\(getpid())\n"))
            } catch {
                if error == .permissionDenied || error == .readOnlyFileSystem {
                    throw .insufficientPermissions(path: config.rootPath)
                }
                if error != .noSuchFileOrDirectory && error != .resourceTemporarilyUnavailable {
                    throw .internalFailure("creating '\(names.nodeFile(id))': \(error)")
                }
            }
        }
        guard let (id, monitor) = created else { throw .internalFailure("the monitor file kept vanishing") }
        LocalNodes.insert(id)
        if handlesSignals { SignalHandling.install() }
        let state = NodeState(id: id, name: nodeName, config: config, monitor: monitor)
        DeadNodeCleanup.run(names: names)
        return Node(state: state)
    }
}

/// A process's participant in the system: it owns services and ports, and its monitor file tells others whether
/// it is alive. Ports keep their node alive; the node's files go away with its last port.
public final class Node: Sendable {
    let state: NodeState

    init(state: NodeState) { self.state = state }

    /// The node's name.
    public var name: String { state.name }
    /// The node's unique id.
    public var id: UInt64 { state.id }
    /// The config the node uses.
    public var config: Config { state.config }

    /// Starts building a service.
    /// - Parameter name: The service's name.
    /// - Returns: A builder on which to choose the messaging pattern.
    public func serviceBuilder(_ name: ServiceName) -> ServiceBuilder { ServiceBuilder(node: state, name: name) }

    /// Sleeps for `duration`, returning early with an error when SIGINT or SIGTERM arrives.
    ///
    /// Use it as the pacing call of a loop: `while (try? node.wait(.seconds(1))) != nil { … }`.
    /// - Parameter duration: How long to sleep.
    /// - Throws: ``NodeWaitError`` when a termination signal arrived (now or before).
    public func wait(_ duration: Duration) throws(NodeWaitError) {
        let end = ContinuousClock.now + duration
        while true {
            switch receivedSignal.load(ordering: .sequentiallyConsistent) {
            case SIGINT: throw .interrupt
            case SIGTERM: throw .terminationRequest
            default: break
            }
            let left = end - ContinuousClock.now
            if left <= .zero { return }
            let slice = min(left, .milliseconds(10))
            var request = timespec(
                tv_sec: Int(slice.components.seconds), tv_nsec: Int(slice.components.attoseconds / 1_000_000_000))
            nanosleep(&request, nil)
        }
    }

    /// Removes everything that dead nodes left behind: their ports in every service's dynamic config, their shared
    /// memory, their monitor files, and services no live node uses any more. Runs automatically when a node is
    /// created or a service is created or opened.
    /// - Returns: How many dead nodes were cleaned up.
    @discardableResult
    public func tryCleanupDeadNodes() -> Int { DeadNodeCleanup.run(names: state.names) }

    /// Every node under `config`'s root with its liveness.
    /// - Parameter config: The config whose root and prefix to scan.
    /// - Returns: The nodes found.
    public static func list(config: Config) -> [NodeInfo] {
        let names = Names(config: config)
        return listDirectory(config.rootPath).compactMap { file -> NodeInfo? in
            guard file.hasPrefix(names.nodeFilePrefix), !file.hasSuffix(MonitorFile.creatingSuffix),
                let id = UInt64(file.dropFirst(names.nodeFilePrefix.count), radix: 16)
            else { return nil }
            let path = "\(config.rootPath)/\(file)"
            let alive = LocalNodes.contains(id) || MonitorFile.state(path: path) == .alive
            let lines = (MonitorFile.contents(path: path) ?? "").split(
                separator: "\n", omittingEmptySubsequences: false)
            return NodeInfo(
                id: id, name: lines.first.map(String.init) ?? "",
                processID: lines.count > 1 ? Int32(lines[1]) : nil, state: alive ? .alive : .dead)
        }
    }
}

/// A node found by ``Node/list(config:)``.
public struct NodeInfo: Sendable, Hashable {
    /// Whether the node's process is still running.
    public enum State: Sendable, Hashable { case alive, dead }
    /// The node's id.
    public var id: UInt64
    /// The node's name.
    public var name: String
    /// The process that created it, if recorded.
    public var processID: Int32?
    /// Alive or dead.
    public var state: State
}
