import CZeroCopyIPC
import ZeroCopyIPC

typealias SampleLoanHandle = MessageHandle<SampleMut<RawPayload>, RawMessageView>

/// A publisher handed to C, with the handles of its loans.
final class PublisherHandle: PortHandle {
    private(set) var publisher: Publisher<RawPayload>?
    let loans = MessagePool<SampleMut<RawPayload>, RawMessageView>()

    init(publisher: Publisher<RawPayload>) { self.publisher = publisher }

    override func close() {
        super.close()
        publisher = nil
        loans.drain()
    }
}

@c public func zc_publisher_create(
    _ service: OpaquePointer?, _ options: UnsafePointer<zc_publisher_options>?,
    _ out: UnsafeMutablePointer<OpaquePointer?>?
) -> zc_result {
    exported { () throws(Failure) in
        let function = "zc_publisher_create"
        let handle = try LiveHandles.resolve(service, as: PublishSubscribeHandle.self, "service", in: function)
        let out = try require(out, "out", in: function)
        let options = options?.pointee ?? zc_publisher_options()
        var builder = handle.service.publisherBuilder()
            .allocationStrategy(try allocationStrategy(options.allocation_strategy, in: function))
        if let value = limit(options.max_loaned_samples) { builder = builder.maxLoanedSamples(value) }
        if let value = limit(options.initial_max_slice_len) { builder = builder.initialMaxSliceLen(value) }
        if let value = try unableToDeliver(options.unable_to_deliver, in: function) {
            builder = builder.unableToDeliverStrategy(value)
        }
        do throws(PortCreateError) {
            out.pointee = LiveHandles.publish(PublisherHandle(publisher: try builder.create()))
        } catch {
            throw Failure(error)
        }
    }
}

@c public func zc_publisher_drop(_ publisher: OpaquePointer?) -> zc_result {
    exported { () throws(Failure) in
        let handle = try LiveHandles.resolve(publisher, as: PublisherHandle.self, "publisher", in: "zc_publisher_drop")
        handle.close()
        LiveHandles.retire(handle)
    }
}

@c public func zc_publisher_loan(
    _ publisher: OpaquePointer?, _ count: UInt64, _ out: UnsafeMutablePointer<OpaquePointer?>?
) -> zc_result {
    exported { () throws(Failure) in
        let function = "zc_publisher_loan"
        let handle = try LiveHandles.resolve(publisher, as: PublisherHandle.self, "publisher", in: function)
        let out = try require(out, "out", in: function)
        let count = try loanCount(count, in: function)
        guard let port = handle.publisher else { throw closedPort("publisher", in: function) }
        do throws(LoanError) {
            let sample = try port.loanRaw(count: count)
            let view = sample.raw
            out.pointee = handle.loans.handOut(sample, info: view, owner: handle)
        } catch {
            throw Failure(error)
        }
    }
}

@c public func zc_sample_mut_payload(
    _ sample: OpaquePointer?, _ payload: UnsafeMutablePointer<UnsafeMutableRawPointer?>?,
    _ count: UnsafeMutablePointer<UInt64>?
) -> zc_result {
    exported { () throws(Failure) in
        let function = "zc_sample_mut_payload"
        let loan = try LiveHandles.resolve(sample, as: SampleLoanHandle.self, "sample", in: function)
        try storePayload(loan.info, payload, count, in: function) { $0 }
    }
}

@c public func zc_sample_mut_user_header(
    _ sample: OpaquePointer?, _ header: UnsafeMutablePointer<UnsafeMutableRawPointer?>?
) -> zc_result {
    exported { () throws(Failure) in
        let function = "zc_sample_mut_user_header"
        let loan = try LiveHandles.resolve(sample, as: SampleLoanHandle.self, "sample", in: function)
        try storeUserHeader(loan.info, header, in: function) { $0 }
    }
}

@c public func zc_sample_mut_send(_ sample: OpaquePointer?, _ receivers: UnsafeMutablePointer<UInt64>?) -> zc_result {
    exported { () throws(Failure) in
        let function = "zc_sample_mut_send"
        let loan = try LiveHandles.resolve(sample, as: SampleLoanHandle.self, "sample", in: function)
        guard let message = loan.message.take() else { throw closedPort("sample", in: function) }
        loan.pool.takeBack(loan)
        let reached = message.send()
        receivers?.pointee = UInt64(reached)
    }
}

@c public func zc_sample_mut_drop(_ sample: OpaquePointer?) -> zc_result {
    exported { () throws(Failure) in
        try LiveHandles.resolve(sample, as: SampleLoanHandle.self, "sample", in: "zc_sample_mut_drop").drop()
    }
}
