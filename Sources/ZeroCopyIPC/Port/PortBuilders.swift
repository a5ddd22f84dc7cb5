/// Options for a new ``Client``.
public struct ClientBuilder<RequestPayload: ServicePayload, ResponsePayload: ServicePayload> {
    let service: RequestResponseHandle
    private var sliceLength = 1
    private var strategy = AllocationStrategy.static
    private var unableToDeliver = UnableToDeliverStrategy.discardData
    private var activeRequests: Int?

    /// Live `PendingResponse`s this client may hold, at most the service's `maxActiveRequestsPerClient`.
    /// - Parameter value: The number of requests.
    /// - Returns: The builder.
    public func maxActiveRequests(_ value: Int) -> Self { with { $0.activeRequests = max(1, value) } }

    /// What a send does when a server's request buffer is full and the service has no safe overflow for requests
    /// (default `.discardData`).
    /// - Parameter value: The strategy.
    /// - Returns: The builder.
    public func unableToDeliverStrategy(_ value: UnableToDeliverStrategy) -> Self {
        with { $0.unableToDeliver = value }
    }

    init(service: RequestResponseHandle) { self.service = service }

    /// The slice length the first data segment holds (slice requests only; default 1).
    /// - Parameter value: The number of elements.
    /// - Returns: The builder.
    public func initialMaxSliceLen(_ value: Int) -> Self { with { $0.sliceLength = max(1, value) } }

    /// How request memory grows when a loan needs a longer slice (default `.static`: it does not).
    /// - Parameter value: The strategy.
    /// - Returns: The builder.
    public func allocationStrategy(_ value: AllocationStrategy) -> Self { with { $0.strategy = value } }

    /// Creates the client and connects it to the service's servers.
    /// - Returns: The client.
    /// - Throws: ``PortCreateError/exceedsMaxSupportedClients(service:limit:)`` when the service is full.
    public func create() throws(PortCreateError) -> Client<RequestPayload, ResponsePayload> {
        Client(
            core: try ClientCore(
                service: service, initialMaxSliceLen: sliceLength, strategy: strategy,
                unableToDeliver: unableToDeliver, maxActiveRequests: activeRequests))
    }
}

/// Options for a new ``Server``.
public struct ServerBuilder<RequestPayload: ServicePayload, ResponsePayload: ServicePayload> {
    let service: RequestResponseHandle
    private var sliceLength = 1
    private var strategy = AllocationStrategy.static
    private var loansPerRequest: Int?

    init(service: RequestResponseHandle) { self.service = service }

    /// The slice length the first response segment holds (slice responses only; default 1).
    /// - Parameter value: The number of elements.
    /// - Returns: The builder.
    public func initialMaxSliceLen(_ value: Int) -> Self { with { $0.sliceLength = max(1, value) } }

    /// How response memory grows when a loan needs a longer slice (default `.static`: it does not).
    /// - Parameter value: The strategy.
    /// - Returns: The builder.
    public func allocationStrategy(_ value: AllocationStrategy) -> Self { with { $0.strategy = value } }

    /// Response loans this server may hold per active request, at most the service's limit.
    /// - Parameter value: The number of loans.
    /// - Returns: The builder.
    public func maxLoanedResponsesPerRequest(_ value: Int) -> Self { with { $0.loansPerRequest = max(1, value) } }

    /// Creates the server.
    /// - Returns: The server.
    /// - Throws: ``PortCreateError/exceedsMaxSupportedServers(service:limit:)`` when the service is full.
    public func create() throws(PortCreateError) -> Server<RequestPayload, ResponsePayload> {
        Server(
            core: try ServerCore(
                service: service, initialMaxSliceLen: sliceLength, strategy: strategy,
                maxLoanedResponsesPerRequest: loansPerRequest))
    }
}
