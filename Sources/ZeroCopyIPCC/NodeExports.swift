import CZeroCopyIPC
@_spi(Untyped) import ZeroCopyIPC

/// A node handed to C.
final class NodeHandle: Handle {
    let node: Node
    init(node: Node) { self.node = node }
}

@c public func zc_node_create(
    _ options: UnsafePointer<zc_node_options>?, _ out: UnsafeMutablePointer<OpaquePointer?>?
) -> zc_result {
    exported { () throws(Failure) in
        let function = "zc_node_create"
        let out = try require(out, "out", in: function)
        let options = options?.pointee ?? zc_node_options()
        var builder = NodeBuilder()
        if let name = options.name { builder = builder.name(String(cString: name)) }
        if options.disable_signal_handling { builder = builder.signalHandling(.disabled) }
        if options.config_file != nil || options.root_path != nil || options.prefix != nil {
            var config: Config
            do throws(ConfigError) {
                if let file = options.config_file {
                    config = try Config.load(from: String(cString: file))
                } else {
                    config = try Config.discover()
                }
            } catch {
                throw Failure(ZC_ERROR_NODE_CREATE, error.description)
            }
            if let root = options.root_path { config.rootPath = String(cString: root) }
            if let prefix = options.prefix { config.prefix = String(cString: prefix) }
            builder = builder.config(config)
        }
        let node: Node
        do throws(NodeCreateError) { node = try builder.create() } catch { throw Failure(error) }
        out.pointee = try LiveHandles.publish(NodeHandle(node: node), in: function)
    }
}

@c public func zc_node_drop(_ node: OpaquePointer?) -> zc_result {
    exported { () throws(Failure) in
        LiveHandles.retire(try LiveHandles.resolve(node, as: NodeHandle.self, "node", in: "zc_node_drop"))
    }
}

@c public func zc_node_wait(_ node: OpaquePointer?, _ timeoutNanoseconds: UInt64) -> zc_result {
    exported { () throws(Failure) in
        let handle = try LiveHandles.resolve(node, as: NodeHandle.self, "node", in: "zc_node_wait")
        do throws(NodeWaitError) {
            try handle.node.wait(duration(nanoseconds: timeoutNanoseconds))
        } catch {
            throw Failure(error)
        }
    }
}

@c public func zc_node_id(_ node: OpaquePointer?, _ out: UnsafeMutablePointer<UInt64>?) -> zc_result {
    exported { () throws(Failure) in
        let handle = try LiveHandles.resolve(node, as: NodeHandle.self, "node", in: "zc_node_id")
        try store(handle.node.id, out, "out", in: "zc_node_id")
    }
}
