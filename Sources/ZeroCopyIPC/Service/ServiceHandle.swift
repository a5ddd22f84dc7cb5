import Glibc
import IPCConcepts
import IPCPlatform
import Synchronization

/// One process's registration in a service: the mapped service segment and a node slot. Ports keep it alive; when
/// the last one goes, the node slot is released and the last node to leave removes the segment.
final class ServiceHandle<Config: PatternStaticConfig>: @unchecked Sendable {
    let node: NodeState
    let name: ServiceName
    let mapping: SharedMemoryMapping
    let config: Config
    let segment: ServiceSegment
    let nodeSlot: Int

    init(node: NodeState, name: ServiceName, mapping: SharedMemoryMapping, config: Config, nodeSlot: Int) {
        self.node = node
        self.name = name
        self.mapping = mapping
        self.config = config
        self.segment = ServiceSegment(base: mapping.base, tables: config.portTables)
        self.nodeSlot = nodeSlot
    }

    deinit {
        OpenServices.remove(self)
        if segment.release(nodeSlot: nodeSlot, node: node.id) { SharedMemoryMapping.unlink(name: mapping.name) }
    }

    var segmentName: String { mapping.name }
    /// The hash that names the service's shared memory (it includes the pattern).
    var hash: UInt64 { name.hash(for: Config.pattern) }

    /// Creates the service segment. Order: exclusive create, creator id, header and static config, registration,
    /// then `ready` last, so an opener never sees a half-written config and a cleaner can attribute a segment whose
    /// creator died.
    static func create(
        node: NodeState, name: ServiceName, config: Config
    ) throws(ServiceCreateError) -> ServiceHandle {
        let segmentName = node.names.service(name.hash(for: Config.pattern))
        let layout = ServiceLayout(tables: config.portTables)
        let text = Array(config.encoded().utf8)
        guard text.count + 4 <= ServiceLayout.staticConfigCapacity else {
            throw .internalFailure(service: name.value, reason: "static config too large (too many attributes)")
        }
        let mapping: SharedMemoryMapping
        do {
            mapping = try SharedMemoryMapping.create(name: segmentName, size: layout.totalSize)
        } catch {
            switch error {
            case .fileExists: throw .alreadyExists(service: name.value)
            case .permissionDenied: throw .insufficientPermissions(service: name.value)
            default: throw .internalFailure(service: name.value, reason: "shm_open: \(error)")
            }
        }
        let base = mapping.base
        let segment = ServiceSegment(base: base, tables: config.portTables)
        segment.creator.pointee.store(node.id, ordering: .sequentiallyConsistent)
        SegmentHeader(kind: .service, size: layout.totalSize).write(to: base)
        base.storeBytes(of: UInt32(text.count), toByteOffset: ServiceLayout.staticConfigOffset, as: UInt32.self)
        text.withUnsafeBytes {
            (base + ServiceLayout.staticConfigOffset + 4).copyMemory(from: $0.baseAddress!, byteCount: $0.count)
        }
        segment.registration.pointee.store(1, ordering: .sequentiallyConsistent)
        segment.nodeSlot(0).pointee.store(node.id, ordering: .sequentiallyConsistent)
        segment.state.pointee.store(ServiceState.ready, ordering: .releasing)
        return OpenServices.insert(
            ServiceHandle(node: node, name: name, mapping: mapping, config: config, nodeSlot: 0))
    }

    /// Opens an existing service segment and checks it; `verify` compares the static config with the opener's.
    static func open(
        node: NodeState, name: ServiceName,
        verify: (Config) throws(ServiceOpenError) -> Void
    ) throws(ServiceOpenError) -> ServiceHandle {
        let segmentName = node.names.service(name.hash(for: Config.pattern))
        var opened: SharedMemoryMapping?
        for _ in 0..<200 where opened == nil {
            do {
                opened = try SharedMemoryMapping.open(name: segmentName)
            } catch {
                switch error {
                case .noSuchFileOrDirectory: throw .doesNotExist(service: name.value)
                case .permissionDenied: throw .insufficientPermissions(service: name.value)
                case .invalidArgument: usleep(5000)  // created but not yet sized: the creator is at work
                default: throw .internalFailure(service: name.value, reason: "shm_open: \(error)")
                }
            }
        }
        guard let mapping = opened else { throw .hangsInCreation(service: name.value) }
        let base = mapping.base
        let state = (base + ServiceLayout.stateOffset).assumingMemoryBound(to: Atomic<UInt32>.self)
        var attempts = 0
        while state.pointee.load(ordering: .acquiring) != ServiceState.ready {
            let magic = base.load(as: UInt64.self)
            let version = base.load(fromByteOffset: 8, as: UInt32.self)
            if magic == SegmentHeader.expectedMagic && version != SegmentHeader.currentVersion {
                throw .versionMismatch(service: name.value, found: version, expected: SegmentHeader.currentVersion)
            }
            attempts += 1
            if attempts > 200 { throw .hangsInCreation(service: name.value) }
            usleep(5000)
        }
        do {
            _ = try SegmentHeader.read(from: base, size: mapping.size, kind: .service)
        } catch {
            if case .version(let found) = error {
                throw .versionMismatch(service: name.value, found: found, expected: SegmentHeader.currentVersion)
            }
            throw .serviceInCorruptedState(service: name.value)
        }
        let fields = StaticConfigFields(ServiceSegment.staticConfigText(base: base))
        guard let config = Config(fields) else {
            guard fields.pattern != nil else { throw .serviceInCorruptedState(service: name.value) }
            throw .incompatibleMessagingPattern(service: name.value, found: fields.patternName)
        }
        guard config.name == name.value else { throw .doesNotExist(service: name.value) }  // hash collision
        guard ServiceLayout(tables: config.portTables).totalSize <= mapping.size else {
            throw .serviceInCorruptedState(service: name.value)  // smaller than its config says
        }
        try verify(config)
        // A node takes one node slot per service, however many handles of it it opens.
        if let existing = OpenServices.find(node: node.id, segment: segmentName) as? ServiceHandle,
            existing.name == name
        {
            return existing
        }
        let segment = ServiceSegment(base: base, tables: config.portTables)
        guard segment.join() else { throw .doesNotExist(service: name.value) }  // last user is removing it
        guard let slot = segment.claimNodeSlot(node: node.id) else {
            if segment.leave() { SharedMemoryMapping.unlink(name: segmentName) }
            throw .exceedsMaxNumberOfNodes(service: name.value, limit: config.portTables.nodes)
        }
        return OpenServices.insert(
            ServiceHandle(node: node, name: name, mapping: mapping, config: config, nodeSlot: slot))
    }
}

/// A service handle of any pattern, as the registry keeps it.
private protocol AnyServiceHandle: AnyObject, Sendable {
    var nodeID: UInt64 { get }
    var segmentName: String { get }
}

extension ServiceHandle: AnyServiceHandle {
    fileprivate var nodeID: UInt64 { node.id }
}

/// The service handles open in this process, by node and service segment, so that a node registers in a service
/// once (``RequestResponseService/numberOfNodes`` counts nodes, and `maxNodes` limits them), however many
/// handles of it the node opens. Entries are weak: a handle's node slot goes with its last user.
private enum OpenServices {
    private struct Entry: @unchecked Sendable {
        weak var handle: AnyServiceHandle?
    }

    private static let entries = Mutex<[String: Entry]>([:])

    private static func key(node: UInt64, segment: String) -> String { "\(UniqueID.hex(node))/\(segment)" }

    /// The live handle of `node` for the service segment `segment`, if any.
    static func find(node: UInt64, segment: String) -> AnyServiceHandle? {
        entries.withLock { $0[key(node: node, segment: segment)]?.handle }
    }

    /// Records `handle`; when another handle of the same node and service was recorded meanwhile (two threads
    /// opening at once), that one is returned and `handle` goes, giving its node slot back.
    static func insert<Handle: AnyServiceHandle>(_ handle: Handle) -> Handle {
        let key = key(node: handle.nodeID, segment: handle.segmentName)
        return entries.withLock { entries in
            if let existing = entries[key]?.handle as? Handle { return existing }
            entries[key] = Entry(handle: handle)
            return handle
        }
    }

    /// Forgets `handle` (called from its `deinit`, when weak references to it already read `nil`).
    static func remove(_ handle: some AnyServiceHandle) {
        let key = key(node: handle.nodeID, segment: handle.segmentName)
        entries.withLock { entries in
            if entries[key] != nil && entries[key]?.handle == nil { entries[key] = nil }
        }
    }
}

/// A process's registration in a request-response service.
typealias RequestResponseHandle = ServiceHandle<RequestResponseStaticConfig>

/// A process's registration in a publish-subscribe service.
typealias PublishSubscribeHandle = ServiceHandle<PublishSubscribeStaticConfig>
