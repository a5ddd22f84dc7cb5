import CZeroCopyIPC
@_spi(Untyped) import ZeroCopyIPC

typealias SampleHandle = MessageHandle<RawSample>

extension RawSample: MessageTicket { static var tag: UInt { 7 } }

/// A subscriber handed to C, with the handles of its samples.
final class SubscriberHandle: PortHandle {
    private(set) var subscriber: Subscriber<RawPayload>?
    /// The subscriber's untyped calls, which its samples use: valid while the subscriber or one of them is alive
    /// (a plain value, read without a retain).
    let port: RawSubscriberPort
    let samples = MessagePool<RawSample>()

    init(subscriber: Subscriber<RawPayload>) {
        self.subscriber = subscriber
        port = subscriber.rawPort
    }

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
        let subscriber: Subscriber<RawPayload>
        do throws(PortCreateError) { subscriber = try builder.create() } catch { throw Failure(error) }
        out.pointee = try LiveHandles.publish(SubscriberHandle(subscriber: subscriber), in: function)
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
    let function = "zc_subscriber_receive"
    @inline(__always) func body(_ handle: SubscriberHandle) -> zc_result {
        guard let out else { return nullArgument("out", in: function) }
        out.pointee = nil
        let received: RawSample?
        do throws(ReceiveError) {
            received =
                timeoutNanoseconds == 0
                ? try handle.port.receive() : try handle.port.receive(timeout: duration(nanoseconds: timeoutNanoseconds))
        } catch {
            return failed(error)
        }
        guard let sample = received else { return ZC_OK }
        do throws(Failure) {
            out.pointee = try handle.samples.handOut(sample, owner: handle, in: function)
            return ZC_OK
        } catch {
            handle.port.drop(sample)
            return failed(error)
        }
    }
    return borrowed(subscriber, as: SubscriberHandle.self, "subscriber", in: function, body)
}

@c public func zc_sample_payload(
    _ sample: OpaquePointer?, _ payload: UnsafeMutablePointer<UnsafeRawPointer?>?,
    _ count: UnsafeMutablePointer<UInt64>?
) -> zc_result {
    let function = "zc_sample_payload"
    return borrowed(sample, as: SampleHandle.self, "sample", in: function) { handle in
        storePayload(handle.ticket.view, payload, count, in: function) { UnsafeRawPointer($0) }
    }
}

@c public func zc_sample_user_header(_ sample: OpaquePointer?, _ header: UnsafeMutablePointer<UnsafeRawPointer?>?)
    -> zc_result
{
    exported { () throws(Failure) in
        let function = "zc_sample_user_header"
        let handle = try LiveHandles.resolve(sample, as: SampleHandle.self, "sample", in: function)
        try storeUserHeader(handle.ticket.view, header, in: function) { UnsafeRawPointer($0) }
    }
}

@c public func zc_sample_header_of(_ sample: OpaquePointer?, _ out: UnsafeMutablePointer<zc_publish_header>?)
    -> zc_result
{
    exported { () throws(Failure) in
        let function = "zc_sample_header_of"
        let handle = try LiveHandles.resolve(sample, as: SampleHandle.self, "sample", in: function)
        let header = handle.ticket.header
        try store(
            zc_publish_header(
                publisher_id: header.publisherId, sequence_number: header.sequenceNumber,
                number_of_elements: UInt64(header.numberOfElements)), out, "out", in: function)
    }
}

@c public func zc_sample_drop(_ sample: OpaquePointer?) -> zc_result {
    borrowed(sample, as: SampleHandle.self, "sample", in: "zc_sample_drop") { handle in
        let (port, sample) = (unsafeDowncast(handle.owner, to: SubscriberHandle.self).port, handle.ticket)
        handle.end()
        port.drop(sample)
        return ZC_OK
    }
}
