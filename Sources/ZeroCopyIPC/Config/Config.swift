/// Where this library keeps its files and shared memory, and the limits a new service gets unless its builder says
/// otherwise.
///
/// Every file and shared-memory object starts with ``prefix``, so that leak checks and cleanup find exactly ours.
/// A config is read from TOML with ``load(from:)`` or found with ``discover(name:)``; see `Config+TOML.swift`.
public struct Config: Sendable, Equatable {
    /// The folder for node monitor files (default `/tmp`).
    public var rootPath: String
    /// The prefix of every file and shared-memory object (default `zcipc_`).
    public var prefix: String
    /// Whether processes of different users share the root folder (`global.shared-between-users`, default `false`).
    ///
    /// A root folder that does not exist yet is created `0700` (owner-only) unless this is `true`, and `1777`
    /// (everyone may add files, only a file's owner may remove it, as in `/tmp`) if it is; either way regardless of
    /// the umask. An existing folder's mode is never changed. Files and shared memory stay owner-only (`0600`)
    /// either way: see "Configuration and Limits" for what a multi-user setup needs.
    public var sharedBetweenUsers = false
    /// The limits of a new request-response service.
    public var requestResponse: RequestResponseDefaults
    /// The limits of a new publish-subscribe service.
    public var publishSubscribe: PublishSubscribeDefaults
    /// The settings of a new event service.
    public var event: EventDefaults

    /// The built-in defaults (the same numbers as iceoryx2).
    public init(
        rootPath: String = "/tmp", prefix: String = "zcipc_",
        requestResponse: RequestResponseDefaults = RequestResponseDefaults(),
        publishSubscribe: PublishSubscribeDefaults = PublishSubscribeDefaults(),
        event: EventDefaults = EventDefaults()
    ) {
        self.rootPath = rootPath
        self.prefix = prefix
        self.requestResponse = requestResponse
        self.publishSubscribe = publishSubscribe
        self.event = event
    }
}

/// The default limits of a request-response service; each has a builder call and a config key.
public struct RequestResponseDefaults: Sendable, Equatable {
    /// `max-clients`: clients connected at the same time.
    public var maxClients = 8
    /// `max-servers`: servers connected at the same time (at most 64).
    public var maxServers = 2
    /// `max-nodes`: nodes that have the service open at the same time.
    public var maxNodes = 20
    /// `max-active-requests-per-client`: requests a client has sent whose `PendingResponse` still lives.
    public var maxActiveRequestsPerClient = 4
    /// `max-loaned-requests`: request loans a client holds at the same time.
    public var maxLoanedRequests = 2
    /// `max-response-buffer-size`: responses a server can queue for one request before the oldest is dropped.
    public var maxResponseBufferSize = 2
    /// `max-borrowed-responses-per-pending-response`: received responses alive at once per request.
    public var maxBorrowedResponsesPerPendingResponse = 2
    /// `max-loaned-responses-per-request`: response loans a server holds per active request.
    public var maxLoanedResponsesPerRequest = 2
    /// `enable-safe-overflow-for-requests`: a full request buffer drops its oldest request instead of refusing.
    public var enableSafeOverflowForRequests = true
    /// `enable-safe-overflow-for-responses`: a full response buffer drops its oldest response instead of refusing.
    public var enableSafeOverflowForResponses = true
    /// `enable-fire-and-forget-requests`: servers also see requests whose `PendingResponse` is gone.
    public var enableFireAndForgetRequests = true

    /// The iceoryx2 defaults.
    public init() {}
}

extension Config {
    /// The environment variable that names a config file explicitly.
    public static let environmentVariable = "ZEROCOPYIPC_CONFIG"

    /// Validation shared by files and code: the prefix must be usable in a file name.
    func validated(file: String?) throws(ConfigError) -> Config {
        if prefix.isEmpty || prefix.contains("/") || prefix.utf8.count > 32 {
            throw ConfigError.invalidValue(
                file: file ?? "<code>", line: nil, key: "global.prefix",
                reason: "must be 1...32 characters without '/'")
        }
        if !rootPath.hasPrefix("/") {
            throw ConfigError.invalidValue(
                file: file ?? "<code>", line: nil, key: "global.root-path", reason: "must be an absolute path")
        }
        return self
    }
}
