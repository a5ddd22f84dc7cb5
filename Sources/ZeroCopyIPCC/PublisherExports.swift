import CZeroCopyIPC
@_spi(Untyped) import ZeroCopyIPC

typealias SampleLoanHandle = MessageHandle<RawSampleLoan>

extension RawSampleLoan: MessageTicket { static var tag: UInt { 6 } }

/// A publisher handed to C, with the handles of its loans.
final class PublisherHandle: PortHandle {
    private(set) var publisher: Publisher<RawPayload>?
    /// The publisher's untyped calls, which its loans use: valid while the publisher or one of them is alive (a
    /// plain value, read without a retain).
    let port: RawPublisherPort
    let loans = MessagePool<RawSampleLoan>()

    init(publisher: Publisher<RawPayload>) {
        self.publisher = publisher
        port = publisher.rawPort
    }

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
        let publisher: Publisher<RawPayload>
        do throws(PortCreateError) { publisher = try builder.create() } catch { throw Failure(error) }
        out.pointee = try LiveHandles.publish(PublisherHandle(publisher: publisher), in: function)
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
    let function = "zc_publisher_loan"
    @inline(__always) func body(_ handle: PublisherHandle) -> zc_result {
        guard let out else { return nullArgument("out", in: function) }
        guard isLoanCount(count) else { return rejectedCount(count, in: function) }
        let sample: RawSampleLoan
        do throws(LoanError) { sample = try handle.port.loan(count: Int(count), zeroed: true) } catch { return failed(error) }
        do throws(Failure) {
            out.pointee = try handle.loans.handOut(sample, owner: handle, in: function)
            return ZC_OK
        } catch {
            handle.port.drop(sample)
            return failed(error)
        }
    }
    return borrowed(publisher, as: PublisherHandle.self, "publisher", in: function, body)
}

@c public func zc_sample_mut_payload(
    _ sample: OpaquePointer?, _ payload: UnsafeMutablePointer<UnsafeMutableRawPointer?>?,
    _ count: UnsafeMutablePointer<UInt64>?
) -> zc_result {
    let function = "zc_sample_mut_payload"
    return borrowed(sample, as: SampleLoanHandle.self, "sample", in: function) { loan in
        storePayload(loan.ticket.view, payload, count, in: function) { $0 }
    }
}

@c public func zc_sample_mut_user_header(
    _ sample: OpaquePointer?, _ header: UnsafeMutablePointer<UnsafeMutableRawPointer?>?
) -> zc_result {
    exported { () throws(Failure) in
        let function = "zc_sample_mut_user_header"
        let loan = try LiveHandles.resolve(sample, as: SampleLoanHandle.self, "sample", in: function)
        try storeUserHeader(loan.ticket.view, header, in: function) { $0 }
    }
}

@c public func zc_sample_mut_send(_ sample: OpaquePointer?, _ receivers: UnsafeMutablePointer<UInt64>?) -> zc_result {
    borrowed(sample, as: SampleLoanHandle.self, "sample", in: "zc_sample_mut_send") { loan in
        let (port, sample) = (unsafeDowncast(loan.owner, to: PublisherHandle.self).port, loan.ticket)
        loan.end()
        let reached = port.send(sample)
        receivers?.pointee = UInt64(reached)
        return ZC_OK
    }
}

@c public func zc_sample_mut_drop(_ sample: OpaquePointer?) -> zc_result {
    borrowed(sample, as: SampleLoanHandle.self, "sample", in: "zc_sample_mut_drop") { loan in
        let (port, sample) = (unsafeDowncast(loan.owner, to: PublisherHandle.self).port, loan.ticket)
        loan.end()
        port.drop(sample)
        return ZC_OK
    }
}
