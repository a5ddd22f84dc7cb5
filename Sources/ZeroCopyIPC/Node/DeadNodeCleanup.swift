import IPCConcepts
import IPCPlatform
import Logging
import Synchronization

/// Reclaims what dead nodes left behind. Safe to run from many processes at once: a cleaner first takes the dead
/// node's monitor-file lock (only one succeeds), and every step is idempotent.
enum DeadNodeCleanup {
    private static let logger = Logger(label: "ZeroCopyIPC.cleanup")

    /// Cleans up after every dead node under `names`' root.
    /// - Returns: The number of dead nodes cleaned up.
    @discardableResult
    static func run(names: Names) -> Int {
        var cleaned = 0
        for file in listDirectory(names.config.rootPath) where file.hasPrefix(names.nodeFilePrefix) {
            if file.hasSuffix(MonitorFile.creatingSuffix) {
                // A node that died while creating its monitor file. A live creator locks and renames its file
                // within microseconds, so only files older than a few seconds are taken for dead ones.
                let path = "\(names.config.rootPath)/\(file)"
                if (MonitorFile.age(path: path) ?? 0) > 5, MonitorFile.state(path: path) == .dead,
                    let claim = MonitorFile.claimDead(path: path)
                {
                    claim.finish()
                }
                continue
            }
            guard let node = UInt64(file.dropFirst(names.nodeFilePrefix.count), radix: 16),
                !LocalNodes.contains(node)
            else { continue }
            let path = "\(names.config.rootPath)/\(file)"
            guard MonitorFile.state(path: path) == .dead, let claim = MonitorFile.claimDead(path: path) else {
                continue
            }
            removeResources(of: node, names: names)
            claim.finish()
            logger.info("removed the resources of dead node \(UniqueID.hex(node)) from \(path)")
            cleaned += 1
        }
        return cleaned
    }

    /// Removes a dead node's registrations from every service and unlinks its segments.
    static func removeResources(of node: UInt64, names: Names) {
        for name in SharedMemoryMapping.list(prefix: names.serviceSegmentPrefix) where names.isServiceSegment(name) {
            guard let mapping = try? SharedMemoryMapping.open(name: name),
                (try? SegmentHeader.read(from: mapping.base, size: mapping.size, kind: .service)) != nil
            else { continue }
            let state = (mapping.base + ServiceLayout.stateOffset).assumingMemoryBound(to: Atomic<UInt32>.self)
            let creator = (mapping.base + ServiceLayout.creatorOffset).assumingMemoryBound(to: Atomic<UInt64>.self)
            if state.pointee.load(ordering: .acquiring) != ServiceState.ready {
                if creator.pointee.load(ordering: .acquiring) == node { SharedMemoryMapping.unlink(name: name) }
                continue
            }
            guard
                let config = RequestResponseStaticConfig.decode(ServiceSegment.staticConfigText(base: mapping.base))
                    .config
            else { continue }
            let layout = ServiceLayout(limits: config.limits)
            guard layout.totalSize <= mapping.size else { continue }
            let segment = ServiceSegment(base: mapping.base, layout: layout, limits: config.limits)
            var changed = false
            for index in 0..<config.limits.maxClients {
                changed = clear(segment.clientSlot(index), node: node) || changed
            }
            for index in 0..<config.limits.maxServers {
                changed = clear(segment.serverSlot(index), node: node) || changed
            }
            if changed { segment.announceChange() }
            var remove = false
            for index in 0..<config.limits.maxNodes
            where segment.nodeSlot(index).pointee.load(ordering: .acquiring) == node {
                remove = segment.release(nodeSlot: index, node: node) || remove
            }
            if remove { SharedMemoryMapping.unlink(name: name) }
        }
        let marker = names.nodeMarker(node)
        for name in SharedMemoryMapping.list(prefix: names.config.prefix) where name.contains(marker) {
            SharedMemoryMapping.unlink(name: name)
        }
    }

    private static func clear(_ slot: PortSlot, node: UInt64) -> Bool {
        guard slot.node.pointee.load(ordering: .acquiring) == node else { return false }
        slot.release()
        return true
    }
}

/// Values of a service segment's creation state word.
enum ServiceState {
    static let creating: UInt32 = 0
    static let ready: UInt32 = 1
}
