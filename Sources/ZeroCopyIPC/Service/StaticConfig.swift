/// What a request-response service fixes when it is created and every opener must agree with.
public struct RequestResponseStaticConfig: Sendable, Equatable {
    /// The service's name.
    public var name: String
    /// The request payload.
    public var request: PayloadDescriptor
    /// The response payload.
    public var response: PayloadDescriptor
    /// The request user header, if the service has one.
    public var requestHeader: PayloadDescriptor?
    /// The response user header, if the service has one.
    public var responseHeader: PayloadDescriptor?
    /// The limits and behaviours the creator chose.
    public var limits: RequestResponseDefaults
    /// The attributes the creator defined.
    public var attributes: [Attribute]

    /// The limits and behaviours a request-response service fixes, as `key=value` lines.
    var settingLines: [String] {
        var lines = StaticConfigFields.payloadLines("request", request)
            + StaticConfigFields.payloadLines("response", response)
        if let requestHeader { lines += StaticConfigFields.payloadLines("request-header", requestHeader) }
        if let responseHeader { lines += StaticConfigFields.payloadLines("response-header", responseHeader) }
        let l = limits
        return lines + [
            "max-clients=\(l.maxClients)", "max-servers=\(l.maxServers)", "max-nodes=\(l.maxNodes)",
            "max-active-requests-per-client=\(l.maxActiveRequestsPerClient)",
            "max-loaned-requests=\(l.maxLoanedRequests)", "max-response-buffer-size=\(l.maxResponseBufferSize)",
            "max-borrowed-responses-per-pending-response=\(l.maxBorrowedResponsesPerPendingResponse)",
            "max-loaned-responses-per-request=\(l.maxLoanedResponsesPerRequest)",
            "enable-safe-overflow-for-requests=\(l.enableSafeOverflowForRequests)",
            "enable-safe-overflow-for-responses=\(l.enableSafeOverflowForResponses)",
            "enable-fire-and-forget-requests=\(l.enableFireAndForgetRequests)",
        ]
    }
}

extension RequestResponseStaticConfig: PatternStaticConfig {
    static var pattern: MessagingPattern { .requestResponse }

    var portTables: PortTables {
        PortTables(nodes: limits.maxNodes, first: limits.maxClients, second: limits.maxServers)
    }

    /// Reads ``settingLines``; `nil` when the fields are of another pattern.
    init?(_ fields: StaticConfigFields) {
        guard fields.pattern == .requestResponse else { return nil }
        var limits = RequestResponseDefaults()
        limits.maxClients = fields.int("max-clients")
        limits.maxServers = fields.int("max-servers")
        limits.maxNodes = fields.int("max-nodes")
        limits.maxActiveRequestsPerClient = fields.int("max-active-requests-per-client")
        limits.maxLoanedRequests = fields.int("max-loaned-requests")
        limits.maxResponseBufferSize = fields.int("max-response-buffer-size")
        limits.maxBorrowedResponsesPerPendingResponse = fields.int("max-borrowed-responses-per-pending-response")
        limits.maxLoanedResponsesPerRequest = fields.int("max-loaned-responses-per-request")
        limits.enableSafeOverflowForRequests = fields.bool("enable-safe-overflow-for-requests")
        limits.enableSafeOverflowForResponses = fields.bool("enable-safe-overflow-for-responses")
        limits.enableFireAndForgetRequests = fields.bool("enable-fire-and-forget-requests")
        self.init(
            name: fields.name, request: fields.payload("request"), response: fields.payload("response"),
            requestHeader: fields.optionalPayload("request-header"),
            responseHeader: fields.optionalPayload("response-header"), limits: limits,
            attributes: fields.attributes)
    }
}
