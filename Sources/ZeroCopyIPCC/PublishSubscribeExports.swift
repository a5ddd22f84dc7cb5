import CZeroCopyIPC
@_spi(Untyped) import ZeroCopyIPC

/// A publish-subscribe service handed to C.
final class PublishSubscribeHandle: Handle {
    let service: PublishSubscribeService<RawPayload>
    init(service: PublishSubscribeService<RawPayload>) { self.service = service }
}

@c public func zc_publish_subscribe_open(
    _ node: OpaquePointer?, _ name: UnsafePointer<CChar>?, _ options: UnsafePointer<zc_publish_subscribe_options>?,
    _ mode: zc_open_mode, _ out: UnsafeMutablePointer<OpaquePointer?>?
) -> zc_result {
    exported { () throws(Failure) in
        let function = "zc_publish_subscribe_open"
        let nodeHandle = try LiveHandles.resolve(node, as: NodeHandle.self, "node", in: function)
        let name = try serviceName(name, in: function)
        guard let options = options?.pointee else { throw .null("options", in: function) }
        let out = try require(out, "out", in: function)
        let payload = try options.payload.descriptor("options.payload", in: function)
        let header = try options.user_header?.pointee.descriptor(
            "options.user_header", in: function, isUserHeader: true)

        var builder = nodeHandle.node.serviceBuilder(name).publishSubscribe(RawPayload.self)
            .runtimePayload(payload).runtimeUserHeader(header)
        if let value = try payloadAlignment(options.payload_alignment, "options.payload_alignment", in: function) {
            builder = builder.payloadAlignment(value)
        }
        if let value = limit(options.max_publishers) { builder = builder.maxPublishers(value) }
        if let value = limit(options.max_subscribers) { builder = builder.maxSubscribers(value) }
        if let value = limit(options.max_nodes) { builder = builder.maxNodes(value) }
        if options.set_history_size { builder = builder.historySize(Int(clamping: options.history_size)) }
        if let value = limit(options.subscriber_max_buffer_size) { builder = builder.subscriberMaxBufferSize(value) }
        if let value = limit(options.subscriber_max_borrowed_samples) {
            builder = builder.subscriberMaxBorrowedSamples(value)
        }
        if let value = try setting(options.safe_overflow, "options.safe_overflow", in: function) {
            builder = builder.enableSafeOverflow(value)
        }
        let chosen = builder
        let service = try open(
            mode, in: function, open: chosen.open, create: chosen.create, openOrCreate: chosen.openOrCreate)
        out.pointee = try LiveHandles.publish(PublishSubscribeHandle(service: service), in: function)
    }
}

@c public func zc_publish_subscribe_drop(_ service: OpaquePointer?) -> zc_result {
    exported { () throws(Failure) in
        LiveHandles.retire(
            try LiveHandles.resolve(
                service, as: PublishSubscribeHandle.self, "service", in: "zc_publish_subscribe_drop"))
    }
}
