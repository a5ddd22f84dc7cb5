import IPCPlatform

/// Every name of a file or shared-memory object this library creates, all derived from the config's prefix, so
/// that cleanup and leak checks find exactly ours.
struct Names {
    let config: Config

    /// `<root>/<prefix>node_<id>`: the node's monitor file.
    func nodeFile(_ node: UInt64) -> String { "\(config.rootPath)/\(nodeFilePrefix)\(UniqueID.hex(node))" }
    var nodeFilePrefix: String { "\(config.prefix)node_" }

    /// `<prefix>svc_<hash>`: a service's segment (static and dynamic config).
    func service(_ hash: UInt64) -> String { "\(serviceSegmentPrefix)\(UniqueID.hex(hash))" }
    var serviceSegmentPrefix: String { "\(config.prefix)svc_" }

    /// Whether a /dev/shm name is a service segment (and not a port segment of one).
    func isServiceSegment(_ name: String) -> Bool {
        name.hasPrefix(serviceSegmentPrefix) && name.utf8.count == serviceSegmentPrefix.utf8.count + 16
    }

    /// `<service>_n<node>_p<port>`: the stem of a port's segments. The node id in the name lets cleanup remove
    /// what a dead node created even if it died before registering the port.
    func portStem(service: UInt64, node: UInt64, port: UInt64) -> String {
        portStem(serviceSegment: self.service(service), node: node, port: port)
    }

    /// ``portStem(service:node:port:)`` from the name of the service's segment.
    func portStem(serviceSegment: String, node: UInt64, port: UInt64) -> String {
        "\(serviceSegment)_n\(UniqueID.hex(node))_p\(UniqueID.hex(port))"
    }

    /// Whether a /dev/shm name is a port's data segment (`<port stem>_d<generation>`).
    func isDataSegment(_ name: String) -> Bool {
        name.hasPrefix(serviceSegmentPrefix) && name.contains("_p")
            && name.split(separator: "_").last.map { $0.hasPrefix("d") && $0.dropFirst().allSatisfy(\.isNumber) }
                == true
    }

    /// Whether a /dev/shm name is a port's control segment (`<port stem>_c`).
    func isControlSegment(_ name: String) -> Bool {
        name.hasPrefix(serviceSegmentPrefix) && name.contains("_p") && name.hasSuffix("_c")
    }

    /// Whether a /dev/shm name is a segment that a leaving port may hand over to its readers (see
    /// `SegmentHandover`): a data segment, or a control segment (a publisher's holds its subscribers' queues).
    func isHandOverSegment(_ name: String) -> Bool { isDataSegment(name) || isControlSegment(name) }

    /// The port id in the name of one of a port's segments (`<service>_n<node>_p<port>_…`), `nil` if it has none.
    func port(ofPortSegment name: String) -> UInt64? {
        // The port's part is the last `p` + 16 hex digits: hex digits hold no `_`, and what follows holds no `p`.
        guard let part = name.split(separator: "_").last(where: { $0.hasPrefix("p") && $0.utf8.count == 17 })
        else { return nil }
        return UInt64(part.dropFirst(), radix: 16)
    }

    /// The service segment that a port's segment (named from ``portStem(service:node:port:)``) belongs to.
    func serviceSegment(ofPortSegment name: String) -> String {
        String(name.prefix(serviceSegmentPrefix.utf8.count + 16))
    }

    /// The marker that every segment a node created contains.
    func nodeMarker(_ node: UInt64) -> String { "_n\(UniqueID.hex(node))_" }
}
