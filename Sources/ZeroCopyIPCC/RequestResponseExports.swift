import CZeroCopyIPC
@_spi(Untyped) import ZeroCopyIPC

/// The Swift payload type the C API's ports are instantiated with. Only its shape matters (a slice, so that every
/// loan may name its count); the service's static config holds the real payload details given by C.
typealias RawPayload = [UInt8]

/// A request-response service handed to C.
final class RequestResponseHandle: Handle {
    let service: RequestResponseService<RawPayload, RawPayload>
    init(service: RequestResponseService<RawPayload, RawPayload>) { self.service = service }
}

/// A requested limit: 0 means unset.
func limit(_ value: UInt64) -> Int? { value == 0 ? nil : Int(clamping: value) }

/// A requested payload alignment: 0 means unset; otherwise a power of two up to a page.
func payloadAlignment(_ value: UInt64, _ argument: String, in function: String) throws(Failure) -> Int? {
    guard value != 0 else { return nil }
    guard value & (value - 1) == 0, value <= 4096 else {
        throw Failure(
            ZC_ERROR_INVALID_PAYLOAD_LAYOUT,
            "\(function): \(argument) is \(value); pass 0 (the type's own) or a power of two up to 4096, the "
                + "alignment of a shared-memory mapping")
    }
    return Int(value)
}

/// A requested on/off setting.
func setting(_ value: zc_setting, _ argument: String, in function: String) throws(Failure) -> Bool? {
    switch value {
    case ZC_SETTING_UNSET: return nil
    case ZC_SETTING_OFF: return false
    case ZC_SETTING_ON: return true
    default:
        throw Failure(
            ZC_ERROR_INVALID_ARGUMENT,
            "\(function): \(argument) is \(value.rawValue); pass ZC_SETTING_UNSET, ZC_SETTING_OFF or ZC_SETTING_ON")
    }
}

/// Opens, creates or opens-or-creates a service with one of the three terminal calls of its builder.
func open<Service>(
    _ mode: zc_open_mode, in function: String, open: () throws(ServiceOpenError) -> Service,
    create: () throws(ServiceCreateError) -> Service, openOrCreate: () throws(ServiceOpenOrCreateError) -> Service
) throws(Failure) -> Service {
    switch mode {
    case ZC_OPEN_OR_CREATE:
        do throws(ServiceOpenOrCreateError) { return try openOrCreate() } catch { throw Failure(error) }
    case ZC_CREATE:
        do throws(ServiceCreateError) { return try create() } catch { throw Failure(error) }
    case ZC_OPEN:
        do throws(ServiceOpenError) { return try open() } catch { throw Failure(error) }
    default:
        throw Failure(
            ZC_ERROR_INVALID_ARGUMENT,
            "\(function): mode \(mode.rawValue) is not a zc_open_mode; pass ZC_OPEN_OR_CREATE, ZC_CREATE or ZC_OPEN")
    }
}

/// A service name, refusing what `ServiceName` refuses with its own sentence.
func serviceName(_ pointer: UnsafePointer<CChar>?, in function: String) throws(Failure) -> ServiceName {
    let text = try string(pointer, "name", in: function)
    do {
        return try ServiceName(text)
    } catch {
        throw Failure(ZC_ERROR_INVALID_ARGUMENT, "\(function): \(error)")
    }
}

@c public func zc_request_response_open(
    _ node: OpaquePointer?, _ name: UnsafePointer<CChar>?, _ options: UnsafePointer<zc_request_response_options>?,
    _ mode: zc_open_mode, _ out: UnsafeMutablePointer<OpaquePointer?>?
) -> zc_result {
    exported { () throws(Failure) in
        let function = "zc_request_response_open"
        let nodeHandle = try LiveHandles.resolve(node, as: NodeHandle.self, "node", in: function)
        let name = try serviceName(name, in: function)
        guard let options = options?.pointee else { throw .null("options", in: function) }
        let out = try require(out, "out", in: function)
        let request = try options.request.descriptor("options.request", in: function)
        let response = try options.response.descriptor("options.response", in: function)
        let requestHeader = try options.request_user_header?.pointee.descriptor(
            "options.request_user_header", in: function, isUserHeader: true)
        let responseHeader = try options.response_user_header?.pointee.descriptor(
            "options.response_user_header", in: function, isUserHeader: true)

        var builder = nodeHandle.node.serviceBuilder(name).requestResponse(RawPayload.self, RawPayload.self)
            .runtimePayloads(request: request, response: response)
            .runtimeUserHeaders(request: requestHeader, response: responseHeader)
        if let value = try payloadAlignment(
            options.request_payload_alignment, "options.request_payload_alignment", in: function)
        {
            builder = builder.requestPayloadAlignment(value)
        }
        if let value = try payloadAlignment(
            options.response_payload_alignment, "options.response_payload_alignment", in: function)
        {
            builder = builder.responsePayloadAlignment(value)
        }
        if let value = limit(options.max_clients) { builder = builder.maxClients(value) }
        if let value = limit(options.max_servers) { builder = builder.maxServers(value) }
        if let value = limit(options.max_nodes) { builder = builder.maxNodes(value) }
        if let value = limit(options.max_active_requests_per_client) {
            builder = builder.maxActiveRequestsPerClient(value)
        }
        if let value = limit(options.max_loaned_requests) { builder = builder.maxLoanedRequests(value) }
        if let value = limit(options.max_response_buffer_size) { builder = builder.maxResponseBufferSize(value) }
        if let value = limit(options.max_borrowed_responses_per_pending_response) {
            builder = builder.maxBorrowedResponsesPerPendingResponse(value)
        }
        if let value = limit(options.max_loaned_responses_per_request) {
            builder = builder.maxLoanedResponsesPerRequest(value)
        }
        if let value = try setting(options.safe_overflow_for_requests, "options.safe_overflow_for_requests", in: function) {
            builder = builder.enableSafeOverflowForRequests(value)
        }
        if let value = try setting(
            options.safe_overflow_for_responses, "options.safe_overflow_for_responses", in: function)
        {
            builder = builder.enableSafeOverflowForResponses(value)
        }
        if let value = try setting(options.fire_and_forget_requests, "options.fire_and_forget_requests", in: function) {
            builder = builder.enableFireAndForgetRequests(value)
        }
        let chosen = builder
        let service = try open(
            mode, in: function, open: chosen.open, create: chosen.create, openOrCreate: chosen.openOrCreate)
        out.pointee = try LiveHandles.publish(RequestResponseHandle(service: service), in: function)
    }
}

@c public func zc_request_response_drop(_ service: OpaquePointer?) -> zc_result {
    exported { () throws(Failure) in
        LiveHandles.retire(
            try LiveHandles.resolve(service, as: RequestResponseHandle.self, "service", in: "zc_request_response_drop"))
    }
}

@c public func zc_request_response_is_creator(_ service: OpaquePointer?, _ out: UnsafeMutablePointer<Bool>?)
    -> zc_result
{
    exported { () throws(Failure) in
        let function = "zc_request_response_is_creator"
        let handle = try LiveHandles.resolve(service, as: RequestResponseHandle.self, "service", in: function)
        try store(handle.service.isCreator, out, "out", in: function)
    }
}

@c public func zc_request_response_number_of_ports(
    _ service: OpaquePointer?, _ clients: UnsafeMutablePointer<UInt64>?, _ servers: UnsafeMutablePointer<UInt64>?
) -> zc_result {
    exported { () throws(Failure) in
        let handle = try LiveHandles.resolve(
            service, as: RequestResponseHandle.self, "service", in: "zc_request_response_number_of_ports")
        clients?.pointee = UInt64(handle.service.numberOfClients)
        servers?.pointee = UInt64(handle.service.numberOfServers)
    }
}

/// The allocation strategy C names.
func allocationStrategy(_ value: zc_allocation_strategy, in function: String) throws(Failure) -> AllocationStrategy {
    switch value {
    case ZC_ALLOCATION_STATIC: return .static
    case ZC_ALLOCATION_BEST_FIT: return .bestFit
    case ZC_ALLOCATION_POWER_OF_TWO: return .powerOfTwo
    default:
        throw Failure(
            ZC_ERROR_INVALID_ARGUMENT,
            "\(function): allocation_strategy \(value.rawValue) is not a zc_allocation_strategy; pass "
                + "ZC_ALLOCATION_STATIC, ZC_ALLOCATION_BEST_FIT or ZC_ALLOCATION_POWER_OF_TWO")
    }
}

/// The unable-to-deliver strategy C names; `nil` for the default.
func unableToDeliver(_ value: zc_unable_to_deliver, in function: String) throws(Failure) -> UnableToDeliverStrategy? {
    switch value {
    case ZC_UNABLE_TO_DELIVER_DEFAULT: return nil
    case ZC_UNABLE_TO_DELIVER_BLOCK: return .block
    case ZC_UNABLE_TO_DELIVER_DISCARD: return .discardData
    default:
        throw Failure(
            ZC_ERROR_INVALID_ARGUMENT,
            "\(function): unable_to_deliver \(value.rawValue) is not a zc_unable_to_deliver; pass "
                + "ZC_UNABLE_TO_DELIVER_DEFAULT, ZC_UNABLE_TO_DELIVER_BLOCK or ZC_UNABLE_TO_DELIVER_DISCARD")
    }
}

/// A count of elements to loan.
@inline(__always)
func loanCount(_ count: UInt64, in function: String) throws(Failure) -> Int {
    guard isLoanCount(count) else { throw invalidCount(count, in: function) }
    return Int(count)
}

/// Whether `count` is a count of elements to loan (at least 1, at most `Int32.max`).
@inline(__always)
func isLoanCount(_ count: UInt64) -> Bool { count >= 1 && count <= UInt64(Int32.max) }

/// The code of a loan refused for its count, its message stored (out of line).
@inline(never)
func rejectedCount(_ count: UInt64, in function: String) -> zc_result { failed(invalidCount(count, in: function)) }

@inline(never)
private func invalidCount(_ count: UInt64, in function: String) -> Failure {
    Failure(
        ZC_ERROR_INVALID_ARGUMENT, "\(function): count is \(count); loan at least 1 element (exactly 1 for a fixed payload)")
}

/// Writes a payload pointer and element count to out-parameters (`count` may be NULL); the call's code.
@inline(__always)
func storePayload<P>(
    _ view: RawMessageView, _ payload: UnsafeMutablePointer<P?>?, _ count: UnsafeMutablePointer<UInt64>?,
    in function: String, as convert: (UnsafeMutableRawPointer) -> P
) -> zc_result {
    guard let payload else { return nullArgument("payload", in: function) }
    payload.pointee = convert(view.payload)
    count?.pointee = UInt64(view.count)
    return ZC_OK
}

/// Writes a user-header pointer, or fails when the service has none.
func storeUserHeader<P>(
    _ view: RawMessageView, _ header: UnsafeMutablePointer<P?>?, in function: String,
    as convert: (UnsafeMutableRawPointer) -> P
) throws(Failure) {
    let header = try require(header, "header", in: function)
    guard let start = view.userHeader else {
        header.pointee = nil
        throw Failure(
            ZC_ERROR_NO_USER_HEADER,
            "\(function): the service has no user header; give one in the options' user header when creating it")
    }
    header.pointee = convert(start)
}
