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
            guard let mapping = try? SharedMemoryMapping.open(name: name) else { continue }
            // A segment whose creator died before it was ready, or whose contents cannot be read (corrupt, or of
            // another layout version), is removed with its creator: nobody can use it, and left in place it would
            // block its name for ever.
            guard mapping.size >= ServiceLayout.creatorOffset + 8 else { continue }
            let creator = (mapping.base + ServiceLayout.creatorOffset).assumingMemoryBound(to: Atomic<UInt64>.self)
            guard let (segment, pattern) = ServiceSegment.readable(mapping) else {
                if creator.pointee.load(ordering: .acquiring) == node { SharedMemoryMapping.unlink(name: name) }
                continue
            }
            // What the dead node's ports sent stays readable: each port's data segments are handed over to the
            // ports of the other side before its slot is cleared, as a port that leaves does (its own record of
            // who holds what died with it, so every registered reader gets a claim and gives it up when it has
            // forgotten the dead port).
            let clients = (0..<segment.tables.first).map(segment.clientSlot)
            let servers = (0..<segment.tables.second).map(segment.serverSlot)
            for (mine, theirs) in [(clients, servers), (servers, clients)] {
                let readers = theirs.map { $0.port.pointee.load(ordering: .sequentiallyConsistent) }.filter { $0 != 0 }
                for slot in mine where slot.node.pointee.load(ordering: .acquiring) == node {
                    let port = slot.port.pointee.load(ordering: .acquiring)
                    guard port != 0,
                        handOver(names.portStem(serviceSegment: name, node: node, port: port), to: readers, names: names)
                    else { continue }
                    // A dead publisher's control segment holds its subscribers' queues: those that never looked
                    // at it learn of it from their slots.
                    for reader in theirs where reader.port.pointee.load(ordering: .sequentiallyConsistent) != 0 {
                        reader.forwarded.pointee.wrappingAdd(1, ordering: .sequentiallyConsistent)
                    }
                }
            }
            let deadEvent = pattern == .event ? DeadNotifiers.deadEvent(of: node, in: segment) : nil
            var changed = false
            for slot in clients + servers { changed = clear(slot, node: node) || changed }
            if changed { segment.announceChange() }
            if let deadEvent { DeadNotifiers.announce(deadEvent, in: segment) }
            var remove = false
            for index in 0..<segment.tables.nodes
            where segment.nodeSlot(index).pointee.load(ordering: .acquiring) == node {
                remove = segment.release(nodeSlot: index, node: node) || remove
            }
            if remove { SharedMemoryMapping.unlink(name: name) }
        }
        // The dead node's own segments go, except those that one of its ports handed over to receivers when it
        // left (see `SegmentHandover`): their claims decide, and the sweep below clears dead ones.
        let marker = names.nodeMarker(node)
        for name in SharedMemoryMapping.list(prefix: names.config.prefix) where name.contains(marker) {
            if names.isHandOverSegment(name), let mapping = try? SharedMemoryMapping.open(name: name),
                SegmentHandover.isHandedOver(mapping)
            {
                continue
            }
            SharedMemoryMapping.unlink(name: name)
        }
        sweepHandedOverSegments(names: names)
    }

    /// Hands the segments of a dead port that have a hand-over area (data segments, a publisher's control
    /// segment) and that nobody claims yet over to `readers`; without readers they go.
    /// - Returns: Whether a control segment was handed over (its readers must be told: see ``PortSlot/forwarded``).
    private static func handOver(_ stem: String, to readers: [UInt64], names: Names) -> Bool {
        var controlHandedOver = false
        for name in SharedMemoryMapping.list(prefix: stem + "_") {
            guard let mapping = try? SharedMemoryMapping.open(name: name), SegmentHandover.hasArea(mapping),
                !SegmentHandover.isHandedOver(mapping)
            else { continue }
            if readers.isEmpty {
                SharedMemoryMapping.unlink(name: name)
                continue
            }
            SegmentHandover.handOver(mapping, holders: readers)
            if SegmentHandover.dropSenderClaim(base: mapping.base) {
                SharedMemoryMapping.unlink(name: name)
            } else if names.isControlSegment(name) {
                controlHandedOver = true
            }
        }
        return controlHandedOver
    }

    /// Clears the claims that ports no longer registered (departed, or of dead nodes) hold in handed-over data
    /// segments, and unlinks the segments whose last claim that was.
    static func sweepHandedOverSegments(names: Names) {
        // Each service is mapped once, however many of its segments were handed over.
        var services: [String: (mapping: SharedMemoryMapping, segment: ServiceSegment)?] = [:]
        for name in SharedMemoryMapping.list(prefix: names.serviceSegmentPrefix) where names.isHandOverSegment(name) {
            guard let mapping = try? SharedMemoryMapping.open(name: name), SegmentHandover.isHandedOver(mapping)
            else { continue }
            let serviceName = names.serviceSegment(ofPortSegment: name)
            if services[serviceName] == nil {
                let serviceMapping = try? SharedMemoryMapping.open(name: serviceName)
                services[serviceName] = serviceMapping.flatMap { serviceMapping in
                    ServiceSegment.readable(serviceMapping).map { (serviceMapping, $0.segment) }
                }
            }
            // No readable service: it is gone, and with it every port that could read the segment.
            let service = (services[serviceName] ?? nil)?.segment
            if SegmentHandover.sweep(mapping: mapping, isRegistered: { service?.isRegistered(port: $0) ?? false }) {
                SharedMemoryMapping.unlink(name: name)
            }
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
