import CZeroCopyIPC
import ZeroCopyIPC

typealias SampleHandle = MessageHandle<Sample<RawPayload>, (view: RawMessageView, header: PublishHeader)>

/// A subscriber handed to C, with the handles of its samples.
final class SubscriberHandle: PortHandle {
    private(set) var subscriber: Subscriber<RawPayload>?
    let samples = MessagePool<Sample<RawPayload>, (view: RawMessageView, header: PublishHeader)>()

    init(subscriber: Subscriber<RawPayload>) { self.subscriber = subscriber }

    override func close() {
        super.close()
        subscriber = nil
        samples.drain()
    }
}

@c public func zc_subscriber_create(
    _ service: OpaquePointer?, _ options: UnsafePointer<zc_subscriber_options>?,
    _ out: UnsafeMutablePointer<OpaquePointer?>?
) -> zc_result {
    exported { () throws(Failure) in
        let function = "zc_subscriber_create"
        let handle = try LiveHandles.resolve(service, as: PublishSubscribeHandle.self, "service", in: function)
        let out = try require(out, "out", in: function)
        let options = options?.pointee ?? zc_subscriber_options()
        var builder = handle.service.subscriberBuilder()
        if let value = limit(options.buffer_size) { builder = builder.bufferSize(value) }
        do throws(PortCreateError) {
            out.pointee = LiveHandles.publish(SubscriberHandle(subscriber: try builder.create()))
        } catch {
            throw Failure(error)
        }
    }
}

@c public func zc_subscriber_drop(_ subscriber: OpaquePointer?) -> zc_result {
    exported { () throws(Failure) in
        let handle = try LiveHandles.resolve(
            subscriber, as: SubscriberHandle.self, "subscriber", in: "zc_subscriber_drop")
        handle.close()
        LiveHandles.retire(handle)
    }
}

@c public func zc_subscriber_receive(
    _ subscriber: OpaquePointer?, _ timeoutNanoseconds: UInt64, _ out: UnsafeMutablePointer<OpaquePointer?>?
) -> zc_result {
    exported { () throws(Failure) in
        let function = "zc_subscriber_receive"
        let handle = try LiveHandles.resolve(subscriber, as: SubscriberHandle.self, "subscriber", in: function)
        let out = try require(out, "out", in: function)
        out.pointee = nil
        guard let port = handle.subscriber else { throw closedPort("subscriber", in: function) }
        do throws(ReceiveError) {
            let received =
                timeoutNanoseconds == 0
                ? try port.receive() : try port.receive(timeout: duration(nanoseconds: timeoutNanoseconds))
            if let sample = received {
                let info = (view: sample.raw, header: sample.header)
                out.pointee = handle.samples.handOut(sample, info: info, owner: handle)
            }
        } catch {
            throw Failure(error)
        }
    }
}

@c public func zc_sample_payload(
    _ sample: OpaquePointer?, _ payload: UnsafeMutablePointer<UnsafeRawPointer?>?,
    _ count: UnsafeMutablePointer<UInt64>?
) -> zc_result {
    exported { () throws(Failure) in
        let function = "zc_sample_payload"
        let handle = try LiveHandles.resolve(sample, as: SampleHandle.self, "sample", in: function)
        try storePayload(handle.info.view, payload, count, in: function) { UnsafeRawPointer($0) }
    }
}

@c public func zc_sample_user_header(_ sample: OpaquePointer?, _ header: UnsafeMutablePointer<UnsafeRawPointer?>?)
    -> zc_result
{
    exported { () throws(Failure) in
        let function = "zc_sample_user_header"
        let handle = try LiveHandles.resolve(sample, as: SampleHandle.self, "sample", in: function)
        try storeUserHeader(handle.info.view, header, in: function) { UnsafeRawPointer($0) }
    }
}

@c public func zc_sample_header_of(_ sample: OpaquePointer?, _ out: UnsafeMutablePointer<zc_publish_header>?)
    -> zc_result
{
    exported { () throws(Failure) in
        let function = "zc_sample_header_of"
        let handle = try LiveHandles.resolve(sample, as: SampleHandle.self, "sample", in: function)
        let header = handle.info.header
        try store(
            zc_publish_header(
                publisher_id: header.publisherId, sequence_number: header.sequenceNumber,
                number_of_elements: UInt64(header.numberOfElements)), out, "out", in: function)
    }
}

@c public func zc_sample_drop(_ sample: OpaquePointer?) -> zc_result {
    exported { () throws(Failure) in
        try LiveHandles.resolve(sample, as: SampleHandle.self, "sample", in: "zc_sample_drop").drop()
    }
}
