import ZeroCopyIPC

/// One key of the config file: where it sits, what it means, and its value in a given config.
public struct ConfigKey: Sendable {
    /// The dotted key, e.g. `defaults.publish-subscribe.max-subscribers`.
    public var key: String
    /// What the key controls, in a sentence.
    public var summary: String
    /// The key's value in `config`, as TOML writes it.
    public var value: @Sendable (Config) -> String

    /// Every key the config file knows, in the order `config generate` writes them.
    public static let all: [ConfigKey] = [
        .init("global.root-path", "the folder for node monitor files", { toml($0.rootPath) }),
        .init("global.prefix", "the prefix of every file and shared-memory object", { toml($0.prefix) }),
        .init(
            "global.shared-between-users", "whether processes of different users share the root folder",
            { "\($0.sharedBetweenUsers)" }),
        rr("max-clients", "clients connected at the same time") { $0.maxClients },
        rr("max-servers", "servers connected at the same time") { $0.maxServers },
        rr("max-nodes", "nodes that may open the service at the same time") { $0.maxNodes },
        rr("max-active-requests-per-client", "requests a client may have in flight") { $0.maxActiveRequestsPerClient },
        rr("max-loaned-requests", "request loans a client may hold at once") { $0.maxLoanedRequests },
        rr("max-response-buffer-size", "responses buffered per pending request") { $0.maxResponseBufferSize },
        rr("max-borrowed-responses-per-pending-response", "responses a client may hold at once per request") {
            $0.maxBorrowedResponsesPerPendingResponse
        },
        rr("max-loaned-responses-per-request", "response loans a server may hold per request") {
            $0.maxLoanedResponsesPerRequest
        },
        rrFlag("enable-safe-overflow-for-requests", "whether a full server queue drops its oldest request") {
            $0.enableSafeOverflowForRequests
        },
        rrFlag("enable-safe-overflow-for-responses", "whether a full response buffer drops its oldest response") {
            $0.enableSafeOverflowForResponses
        },
        rrFlag("enable-fire-and-forget-requests", "whether a client may send a request and drop its answer") {
            $0.enableFireAndForgetRequests
        },
        ps("max-publishers", "publishers connected at the same time") { $0.maxPublishers },
        ps("max-subscribers", "subscribers connected at the same time") { $0.maxSubscribers },
        ps("max-nodes", "nodes that may open the service at the same time") { $0.maxNodes },
        ps("history-size", "samples a late subscriber receives from each publisher") { $0.historySize },
        ps("subscriber-max-buffer-size", "samples a subscriber's buffer holds per publisher") {
            $0.subscriberMaxBufferSize
        },
        ps("subscriber-max-borrowed-samples", "received samples a subscriber may hold at once") {
            $0.subscriberMaxBorrowedSamples
        },
        ps("publisher-max-loaned-samples", "sample loans a publisher may hold at once") {
            $0.publisherMaxLoanedSamples
        },
        .init(
            "defaults.publish-subscribe.enable-safe-overflow",
            "whether a full subscriber buffer drops its oldest sample", { "\($0.publishSubscribe.enableSafeOverflow)" }),
        .init(
            "defaults.publish-subscribe.unable-to-deliver-strategy",
            "what a publisher does when a buffer is full and safe overflow is off: \"block\" or \"discard-data\"",
            { $0.publishSubscribe.unableToDeliverStrategy == .block ? "\"block\"" : "\"discard-data\"" }),
    ]

    init(_ key: String, _ summary: String, _ value: @escaping @Sendable (Config) -> String) {
        self.key = key
        self.summary = summary
        self.value = value
    }

    /// The key named `key`, if there is one.
    /// - Parameter key: The dotted key.
    public static func named(_ key: String) -> ConfigKey? { all.first { $0.key == key } }

    /// The config as a TOML file, every key written, with the key's meaning as a comment above it.
    /// - Parameter config: The config to write.
    /// - Returns: TOML text that ``Config/parse(_:file:)`` reads back to `config`.
    public static func toml(for config: Config) -> String {
        var lines: [String] = []
        var section = ""
        for key in all {
            let parts = key.key.split(separator: ".")
            let table = parts.dropLast().joined(separator: ".")
            if table != section {
                if !lines.isEmpty { lines.append("") }
                lines.append("[\(table)]")
                section = table
            }
            lines.append("# \(key.summary)")
            lines.append("\(parts.last!) = \(key.value(config))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func toml(_ text: String) -> String {
        "\"" + text.replacingAll("\\", with: "\\\\").replacingAll("\"", with: "\\\"") + "\""
    }

    private static func rr(
        _ name: String, _ summary: String, _ read: @escaping @Sendable (RequestResponseDefaults) -> Int
    )
        -> ConfigKey
    {
        .init("defaults.request-response.\(name)", summary) { "\(read($0.requestResponse))" }
    }

    private static func rrFlag(
        _ name: String, _ summary: String, _ read: @escaping @Sendable (RequestResponseDefaults) -> Bool
    ) -> ConfigKey {
        .init("defaults.request-response.\(name)", summary) { "\(read($0.requestResponse))" }
    }

    private static func ps(
        _ name: String, _ summary: String, _ read: @escaping @Sendable (PublishSubscribeDefaults) -> Int
    ) -> ConfigKey {
        .init("defaults.publish-subscribe.\(name)", summary) { "\(read($0.publishSubscribe))" }
    }
}

extension String {
    /// The string with every `target` replaced (without Foundation).
    func replacingAll(_ target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
