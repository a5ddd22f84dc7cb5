import IPCPlatform
import Synchronization

/// What a tool sees of one service without knowing its payload types: the static config as the creator wrote it
/// and the dynamic config (nodes and ports) as it is now. Read-only; opening a service through it joins nothing.
package struct ServiceSnapshot: Sendable {
    /// A connected port: its id and the node that owns it.
    package struct Port: Sendable, Hashable {
        /// The port's id.
        package var id: UInt64
        /// The owning node's id.
        package var node: UInt64
    }

    /// The service's name.
    package var name: String
    /// The /dev/shm name of the service's segment.
    package var segment: String
    /// The messaging pattern.
    package var pattern: MessagingPattern
    /// The static config of a request-response service.
    package var requestResponse: RequestResponseStaticConfig?
    /// The static config of a publish-subscribe service.
    package var publishSubscribe: PublishSubscribeStaticConfig?
    /// The static config of an event service.
    package var event: EventStaticConfig? = nil
    /// The nodes that have the service open.
    package var nodes: [UInt64]
    /// Clients (request-response), publishers (publish-subscribe) or notifiers (event).
    package var firstPorts: [Port]
    /// Servers (request-response), subscribers (publish-subscribe) or listeners (event).
    package var secondPorts: [Port]
    /// The attributes the creator defined.
    package var attributes: [Attribute] {
        requestResponse?.attributes ?? publishSubscribe?.attributes ?? event?.attributes ?? []
    }
}

extension Service {
    /// Every ready service under `config`'s prefix with its static and dynamic config.
    /// - Parameter config: The config whose prefix to scan.
    /// - Returns: The services, sorted by name.
    package static func snapshots(config: Config) -> [ServiceSnapshot] {
        let names = Names(config: config)
        return SharedMemoryMapping.list(prefix: names.serviceSegmentPrefix).filter(names.isServiceSegment)
            .compactMap { segmentName -> ServiceSnapshot? in
                guard let mapping = try? SharedMemoryMapping.open(name: segmentName),
                    let (segment, pattern) = ServiceSegment.readable(mapping)
                else { return nil }
                let fields = StaticConfigFields(ServiceSegment.staticConfigText(base: mapping.base))
                func ports(_ count: Int, _ slot: (Int) -> PortSlot) -> [ServiceSnapshot.Port] {
                    (0..<count).compactMap { index in
                        let slot = slot(index)
                        let port = slot.port.pointee.load(ordering: .acquiring)
                        guard port != 0 else { return nil }
                        return .init(id: port, node: slot.node.pointee.load(ordering: .acquiring))
                    }
                }
                let nodes = (0..<segment.tables.nodes).map { segment.nodeSlot($0).pointee.load(ordering: .acquiring) }
                    .filter { $0 != 0 }
                return ServiceSnapshot(
                    name: fields.name, segment: segmentName, pattern: pattern,
                    requestResponse: RequestResponseStaticConfig(fields),
                    publishSubscribe: PublishSubscribeStaticConfig(fields), event: EventStaticConfig(fields),
                    nodes: nodes,
                    firstPorts: ports(segment.tables.first, segment.clientSlot),
                    secondPorts: ports(segment.tables.second, segment.serverSlot))
            }
            .sorted { $0.name < $1.name }
    }
}

extension Node {
    /// Removes what dead nodes under `config` left behind, as ``tryCleanupDeadNodes()`` does, without creating a
    /// node of one's own (a tool that only cleans up should leave nothing behind).
    /// - Parameter config: The config whose root and prefix to clean.
    /// - Returns: How many dead nodes were cleaned up.
    @discardableResult
    package static func cleanupDeadNodes(config: Config) -> Int { DeadNodeCleanup.run(names: Names(config: config)) }

    /// The names of the shared-memory objects (in /dev/shm) and files (in the root folder) under `config`'s
    /// prefix: what ``cleanupDeadNodes(config:)`` may remove.
    /// - Parameter config: The config whose root and prefix to scan.
    /// - Returns: Shared-memory names and file paths, sorted.
    package static func resources(config: Config) -> (sharedMemory: [String], files: [String]) {
        let files = listDirectory(config.rootPath).filter { $0.hasPrefix(config.prefix) }
            .map { "\(config.rootPath)/\($0)" }
        return (SharedMemoryMapping.list(prefix: config.prefix).sorted(), files.sorted())
    }

    /// The resources a dead node left that cleanup would remove: its monitor file, every segment whose name
    /// carries its id, and the services that only it still has open.
    /// - Parameters:
    ///   - node: The dead node's id.
    ///   - config: The config whose root and prefix to scan.
    /// - Returns: Shared-memory names and file paths, sorted.
    package static func resources(ofDeadNode node: UInt64, config: Config) -> [String] {
        let names = Names(config: config)
        let marker = names.nodeMarker(node)
        var result = SharedMemoryMapping.list(prefix: config.prefix).filter { $0.contains(marker) }
        for service in Service.snapshots(config: config) where service.nodes == [node] {
            result.append(service.segment)
        }
        return result.sorted() + [names.nodeFile(node)]
    }
}
