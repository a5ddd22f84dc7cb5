import ZeroCopyIPC

/// What `zcipc cleanup` found and removed (or, with `--dry-run`, would remove).
public struct CleanupReport: Codable, Sendable, Hashable {
    /// Whether nothing was removed, only listed.
    public var dryRun: Bool
    /// The dead nodes found.
    public var deadNodes: [NodeReport]
    /// The shared-memory objects (names in /dev/shm) and files (paths) removed, or that would be.
    public var removed: [String]
}

extension Inventory {
    /// Removes what dead nodes left behind, or with `dryRun` only lists it.
    /// - Parameter dryRun: List, do not remove.
    /// - Returns: The dead nodes and what was (or would be) removed.
    public func cleanup(dryRun: Bool) -> CleanupReport {
        let dead = nodes().filter { $0.state == "dead" }
        guard !dryRun else {
            let removed = dead.flatMap { node in
                UInt64(node.id, radix: 16).map { Node.resources(ofDeadNode: $0, config: config) } ?? []
            }
            return CleanupReport(dryRun: true, deadNodes: dead, removed: Array(Set(removed)).sorted())
        }
        let before = Node.resources(config: config)
        Node.cleanupDeadNodes(config: config)
        let after = Node.resources(config: config)
        let removed = Set(before.sharedMemory).subtracting(after.sharedMemory).union(
            Set(before.files).subtracting(after.files))
        return CleanupReport(dryRun: false, deadNodes: dead, removed: removed.sorted())
    }
}
