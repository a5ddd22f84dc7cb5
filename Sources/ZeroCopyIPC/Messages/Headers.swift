/// What the runtime records about a request besides its payload.
public struct RequestHeader: Sendable, Hashable {
    /// The id of the client port that sent it.
    public var clientId: UInt64
    /// The request's id, unique per client (0 while not yet sent).
    public var requestId: UInt64
    /// The number of payload elements (1 for a fixed payload).
    public var numberOfElements: Int
}

/// What the runtime records about a response besides its payload.
public struct ResponseHeader: Sendable, Hashable {
    /// The id of the server port that sent it.
    public var serverId: UInt64
    /// The id of the request it answers.
    public var requestId: UInt64
    /// The number of payload elements (1 for a fixed payload).
    public var numberOfElements: Int
}

/// What the runtime records about a publish-subscribe sample besides its payload.
public struct PublishHeader: Sendable, Hashable {
    /// The id of the publisher port that sent it.
    public var publisherId: UInt64
    /// The sample's number among those its publisher sent, from 0.
    public var sequenceNumber: UInt64
    /// The number of payload elements (1 for a fixed payload).
    public var numberOfElements: Int
}
