import Glibc

/// The first step of building a service: choose the messaging pattern.
public struct ServiceBuilder: Sendable {
    let node: NodeState
    let name: ServiceName

    /// Builds a request-response service. Each side is a ``ZeroCopySend`` type (fixed size) or an `Array` of one
    /// (a slice whose length each loan chooses): `requestResponse(Reading.self, [UInt8].self)`.
    /// - Parameters:
    ///   - request: The request payload type.
    ///   - response: The response payload type.
    /// - Returns: The request-response builder.
    public func requestResponse<Request: ServicePayload, Response: ServicePayload>(
        _ request: Request.Type, _ response: Response.Type
    ) -> RequestResponseBuilder<Request, Response> {
        RequestResponseBuilder(node: node, name: name)
    }

    /// Builds a publish-subscribe service. The payload is a ``ZeroCopySend`` type (fixed size) or an `Array` of one
    /// (a slice whose length each loan chooses): `publishSubscribe(Frame.self)`. The same name under another
    /// pattern is another service.
    /// - Parameter payload: The sample payload type.
    /// - Returns: The publish-subscribe builder.
    public func publishSubscribe<Payload: ServicePayload>(_ payload: Payload.Type) -> PublishSubscribeBuilder<Payload> {
        PublishSubscribeBuilder(node: node, name: name)
    }

    /// Builds an event service: notifiers send event ids, listeners wait for them. The same name under another
    /// pattern is another service.
    /// - Returns: The event builder.
    public func event() -> EventBuilder { EventBuilder(node: node, name: name) }
}

/// Options and terminal calls for a request-response service.
///
/// Unset options take the config's defaults when creating; when opening, every option that was set must be
/// supported by the existing service (a higher limit or a different behaviour is refused with a typed error).
/// A zero limit is raised to 1.
public struct RequestResponseBuilder<Request: ServicePayload, Response: ServicePayload>: Sendable {
    let node: NodeState
    let name: ServiceName
    var requested = Requested()

    struct Requested: Sendable {
        var maxClients: Int?, maxServers: Int?, maxNodes: Int?, maxActiveRequestsPerClient: Int?
        var maxLoanedRequests: Int?, maxResponseBufferSize: Int?, maxBorrowedResponsesPerPendingResponse: Int?
        var maxLoanedResponsesPerRequest: Int?
        var safeOverflowRequests: Bool?, safeOverflowResponses: Bool?, fireAndForget: Bool?
        var requestHeader: PayloadDescriptor?, responseHeader: PayloadDescriptor?
        var requestAlignment: Int?, responseAlignment: Int?
        var headerLayouts: [TypeLayout] = []
        /// Payload details given at run time (the C API) instead of `Request`/`Response`'s.
        var runtimeRequest: PayloadDescriptor?, runtimeResponse: PayloadDescriptor?
    }

    init(node: NodeState, name: ServiceName) {
        self.node = node
        self.name = name
    }

    func with(_ change: (inout Requested) -> Void) -> Self {
        var copy = self
        change(&copy.requested)
        return copy
    }

    /// Clients connected at the same time (default 8, config `max-clients`).
    public func maxClients(_ value: Int) -> Self { with { $0.maxClients = max(1, value) } }
    /// Servers connected at the same time (default 2, at most 64, config `max-servers`).
    public func maxServers(_ value: Int) -> Self { with { $0.maxServers = min(64, max(1, value)) } }
    /// Nodes that may open the service at the same time (default 20, config `max-nodes`).
    public func maxNodes(_ value: Int) -> Self { with { $0.maxNodes = max(1, value) } }
    /// Live `PendingResponse`s per client (default 4, config `max-active-requests-per-client`).
    public func maxActiveRequestsPerClient(_ value: Int) -> Self {
        with { $0.maxActiveRequestsPerClient = max(1, value) }
    }
    /// Request loans a client may hold at once (default 2, config `max-loaned-requests`).
    public func maxLoanedRequests(_ value: Int) -> Self { with { $0.maxLoanedRequests = max(1, value) } }
    /// Responses queued per request before overflow (default 2, config `max-response-buffer-size`).
    public func maxResponseBufferSize(_ value: Int) -> Self { with { $0.maxResponseBufferSize = max(1, value) } }
    /// Received responses alive at once per pending response (default 2).
    public func maxBorrowedResponsesPerPendingResponse(_ value: Int) -> Self {
        with { $0.maxBorrowedResponsesPerPendingResponse = max(1, value) }
    }
    /// Response loans a server may hold per active request (default 2).
    public func maxLoanedResponsesPerRequest(_ value: Int) -> Self {
        with { $0.maxLoanedResponsesPerRequest = max(1, value) }
    }
    /// Whether a full request buffer drops its oldest request (default `true`).
    public func enableSafeOverflowForRequests(_ value: Bool) -> Self { with { $0.safeOverflowRequests = value } }
    /// Whether a full response buffer drops its oldest response (default `true`).
    public func enableSafeOverflowForResponses(_ value: Bool) -> Self { with { $0.safeOverflowResponses = value } }
    /// Whether servers also receive requests whose `PendingResponse` is gone (default `true`).
    public func enableFireAndForgetRequests(_ value: Bool) -> Self { with { $0.fireAndForget = value } }

    /// Gives every request a user header of type `header`, written through ``RequestMut/userHeader(as:)`` and read
    /// through ``ActiveRequest/userHeader(as:)``. Part of the service's type: openers must name the same type.
    public func requestUserHeader<Header: ZeroCopySend>(_ header: Header.Type) -> Self {
        with {
            $0.requestHeader = Header.descriptor
            $0.headerLayouts.append(Header.zeroCopyLayout)
        }
    }

    /// Gives every response a user header of type `header` (see ``requestUserHeader(_:)``).
    public func responseUserHeader<Header: ZeroCopySend>(_ header: Header.Type) -> Self {
        with {
            $0.responseHeader = Header.descriptor
            $0.headerLayouts.append(Header.zeroCopyLayout)
        }
    }

    /// Aligns every request payload to at least `alignment` bytes (a power of two, at most 4096); the effective
    /// alignment is the larger of this and the request type's own. An opener succeeds when the alignment it
    /// requires is at most the service's, and fails with
    /// ``ServiceOpenError/incompatibleTypes(service:payload:differences:)`` when it requires more.
    public func requestPayloadAlignment(_ alignment: Int) -> Self { with { $0.requestAlignment = alignment } }

    /// Aligns every response payload to at least `alignment` bytes (see ``requestPayloadAlignment(_:)``).
    public func responsePayloadAlignment(_ alignment: Int) -> Self { with { $0.responseAlignment = alignment } }

    /// The request and response payloads as this builder requires them.
    private var payloads: (request: PayloadDescriptor, response: PayloadDescriptor) {
        (
            requested.runtimeRequest?.aligned(to: requested.requestAlignment)
                ?? Request.descriptor(alignment: requested.requestAlignment),
            requested.runtimeResponse?.aligned(to: requested.responseAlignment)
                ?? Response.descriptor(alignment: requested.responseAlignment)
        )
    }

    /// The limits a new service gets: the config's defaults with this builder's values applied.
    var resolvedLimits: RequestResponseDefaults {
        var limits = node.config.requestResponse
        let r = requested
        limits.maxClients = max(1, r.maxClients ?? limits.maxClients)
        limits.maxServers = min(64, max(1, r.maxServers ?? limits.maxServers))
        limits.maxNodes = max(1, r.maxNodes ?? limits.maxNodes)
        limits.maxActiveRequestsPerClient = max(1, r.maxActiveRequestsPerClient ?? limits.maxActiveRequestsPerClient)
        limits.maxLoanedRequests = max(1, r.maxLoanedRequests ?? limits.maxLoanedRequests)
        limits.maxResponseBufferSize = max(1, r.maxResponseBufferSize ?? limits.maxResponseBufferSize)
        limits.maxBorrowedResponsesPerPendingResponse = max(
            1, r.maxBorrowedResponsesPerPendingResponse ?? limits.maxBorrowedResponsesPerPendingResponse)
        limits.maxLoanedResponsesPerRequest = max(
            1, r.maxLoanedResponsesPerRequest ?? limits.maxLoanedResponsesPerRequest)
        limits.enableSafeOverflowForRequests = r.safeOverflowRequests ?? limits.enableSafeOverflowForRequests
        limits.enableSafeOverflowForResponses = r.safeOverflowResponses ?? limits.enableSafeOverflowForResponses
        limits.enableFireAndForgetRequests = r.fireAndForget ?? limits.enableFireAndForgetRequests
        return limits
    }

    private func checkLayouts() -> (type: String, problems: [String])? {
        ServiceBuilderSupport.layoutProblem(
            alignments: [
                (Request.PayloadElement.zeroCopyLayout.typeName, requested.requestAlignment, "request"),
                (Response.PayloadElement.zeroCopyLayout.typeName, requested.responseAlignment, "response"),
            ],
            layouts: [Request.PayloadElement.zeroCopyLayout, Response.PayloadElement.zeroCopyLayout]
                + requested.headerLayouts)
    }

    /// Creates the service; fails if it exists.
    /// - Returns: The service, from which clients and servers are built.
    /// - Throws: ``ServiceCreateError``.
    public func create() throws(ServiceCreateError) -> RequestResponseService<Request, Response> {
        try createWithAttributes(AttributeSpecifier())
    }

    /// Creates the service with attributes that openers can verify.
    /// - Parameter attributes: The attributes.
    /// - Returns: The service.
    /// - Throws: ``ServiceCreateError``.
    public func createWithAttributes(
        _ attributes: AttributeSpecifier
    ) throws(ServiceCreateError) -> RequestResponseService<Request, Response> {
        if let bad = checkLayouts() { throw .invalidPayloadLayout(type: bad.type, problems: bad.problems) }
        DeadNodeCleanup.run(names: node.names)
        let config = RequestResponseStaticConfig(
            name: name.value, request: payloads.request, response: payloads.response,
            requestHeader: requested.requestHeader, responseHeader: requested.responseHeader, limits: resolvedLimits,
            attributes: attributes.attributes)
        return RequestResponseService(
            handle: try ServiceHandle.create(node: node, name: name, config: config), isCreator: true)
    }

    /// Opens an existing service; fails if it does not exist or differs.
    /// - Returns: The service.
    /// - Throws: ``ServiceOpenError``, for example `incompatibleTypes` naming what differs.
    public func open() throws(ServiceOpenError) -> RequestResponseService<Request, Response> {
        try openWithAttributes(AttributeVerifier())
    }

    /// Opens an existing service whose attributes satisfy `verifier`.
    /// - Parameter verifier: The required attributes.
    /// - Returns: The service.
    /// - Throws: ``ServiceOpenError``.
    public func openWithAttributes(
        _ verifier: AttributeVerifier
    ) throws(ServiceOpenError) -> RequestResponseService<Request, Response> {
        if let bad = checkLayouts() { throw .invalidPayloadLayout(type: bad.type, problems: bad.problems) }
        DeadNodeCleanup.run(names: node.names)
        let handle = try ServiceHandle.open(node: node, name: name) { (existing) throws(ServiceOpenError) in
            try verify(existing, verifier)
        }
        return RequestResponseService(handle: handle, isCreator: false)
    }

    /// Opens the service, or creates it when it does not exist. When many processes race, exactly one creates.
    /// - Returns: The service.
    /// - Throws: ``ServiceOpenOrCreateError``.
    public func openOrCreate() throws(ServiceOpenOrCreateError) -> RequestResponseService<Request, Response> {
        try ServiceBuilderSupport.openOrCreate(name: name, open: open, create: create)
    }

    private func verify(
        _ existing: RequestResponseStaticConfig, _ verifier: AttributeVerifier
    ) throws(ServiceOpenError) {
        let service = name.value
        try ServiceBuilderSupport.verify(
            "request", required: payloads.request, existing: existing.request, service: service)
        try ServiceBuilderSupport.verify(
            "response", required: payloads.response, existing: existing.response, service: service)
        try ServiceBuilderSupport.verify(
            "request user header", required: requested.requestHeader, existing: existing.requestHeader,
            service: service)
        try ServiceBuilderSupport.verify(
            "response user header", required: requested.responseHeader, existing: existing.responseHeader,
            service: service)
        let l = existing.limits
        let r = requested
        try ServiceBuilderSupport.verify(
            amounts: [
                ("clients", r.maxClients, l.maxClients), ("servers", r.maxServers, l.maxServers),
                ("nodes", r.maxNodes, l.maxNodes),
                ("active requests per client", r.maxActiveRequestsPerClient, l.maxActiveRequestsPerClient),
                ("loaned requests", r.maxLoanedRequests, l.maxLoanedRequests),
                ("response buffer size", r.maxResponseBufferSize, l.maxResponseBufferSize),
                (
                    "borrowed responses per pending response", r.maxBorrowedResponsesPerPendingResponse,
                    l.maxBorrowedResponsesPerPendingResponse
                ),
                ("loaned responses per request", r.maxLoanedResponsesPerRequest, l.maxLoanedResponsesPerRequest),
            ], service: service)
        try ServiceBuilderSupport.verify(
            behaviours: [
                ("safe overflow for requests", r.safeOverflowRequests, l.enableSafeOverflowForRequests),
                ("safe overflow for responses", r.safeOverflowResponses, l.enableSafeOverflowForResponses),
                ("fire-and-forget requests", r.fireAndForget, l.enableFireAndForgetRequests),
            ], service: service)
        if let violation = verifier.violation(in: existing.attributes) {
            throw .incompatibleAttributes(service: service, reason: violation)
        }
    }
}
