import Glibc
import TOMLKit

extension Config {
    /// Reads a config file in TOML. Keys that are missing keep their defaults; unknown keys are an error.
    ///
    /// ```toml
    /// [global]
    /// root-path = "/tmp"
    /// prefix = "zcipc_"
    /// shared-between-users = false
    ///
    /// [defaults.request-response]
    /// max-clients = 8
    ///
    /// [defaults.event]
    /// event-id-max-value = 255
    /// deadline-ms = 500
    /// notifier-dead-event = 3
    /// ```
    /// - Parameter path: The file's path.
    /// - Returns: The config.
    /// - Throws: ``ConfigError`` naming file, line and key.
    public static func load(from path: String) throws(ConfigError) -> Config {
        guard let text = readTextFile(path) else { throw .unreadable(file: path) }
        return try parse(text, file: path)
    }

    /// Finds a config file the way iceoryx2 does and reads it, or returns the defaults when there is none.
    ///
    /// Looks, in order, at the file named by `ZEROCOPYIPC_CONFIG`, `./config/<name>.toml`,
    /// `~/.config/<name>/<name>.toml` and `/etc/<name>/<name>.toml`.
    /// - Parameter name: The config's name (default `zerocopyipc`).
    /// - Returns: The first config found, or ``init(rootPath:prefix:requestResponse:)``'s defaults.
    /// - Throws: ``ConfigError`` when a file is found but invalid (never a silent default).
    public static func discover(name: String = "zerocopyipc") throws(ConfigError) -> Config {
        guard let path = discoveredFile(name: name) else { return Config() }
        return try load(from: path)
    }

    /// The file ``discover(name:)`` reads: the one named by `ZEROCOPYIPC_CONFIG` (whether or not it exists), else
    /// the first that exists of `./config/<name>.toml`, `~/.config/<name>/<name>.toml` and `/etc/<name>/<name>.toml`.
    /// Tools that keep sections of their own in the same file (zcipc-gateway's `[gateway]`) read it from here.
    /// - Parameter name: The config's name (default `zerocopyipc`).
    /// - Returns: The path, or `nil` when there is none (``discover(name:)`` then returns the defaults).
    public static func discoveredFile(name: String = "zerocopyipc") -> String? {
        if let explicit = getenv(environmentVariable).map({ String(cString: $0) }), !explicit.isEmpty {
            return explicit
        }
        var candidates = ["./config/\(name).toml"]
        if let home = getenv("HOME").map({ String(cString: $0) }) {
            candidates.append("\(home)/.config/\(name)/\(name).toml")
        }
        candidates.append("/etc/\(name)/\(name).toml")
        return candidates.first { access($0, F_OK) == 0 }
    }

    /// Parses TOML text.
    /// - Parameters:
    ///   - text: The TOML text.
    ///   - file: The file name used in errors.
    /// - Returns: The config.
    /// - Throws: ``ConfigError`` naming file, line and key.
    public static func parse(_ text: String, file: String = "<string>") throws(ConfigError) -> Config {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw .syntax(
                file: file, line: error.source.begin.line, column: error.source.begin.column,
                message: error.description)
        } catch {
            throw .syntax(file: file, line: 1, column: 1, message: "\(error)")
        }
        var config = Config()
        let locate = { (key: String) in lineOf(key: key, in: text) }
        for (section, value) in table {
            switch section {
            case "global":
                guard let global = value.table else {
                    throw .invalidValue(file: file, line: locate(section), key: section, reason: "must be a table")
                }
                for (key, item) in global {
                    let path = "global.\(key)"
                    switch key {
                    case "root-path":
                        config.rootPath = try string(item, path, file, locate(key))
                    case "prefix":
                        config.prefix = try string(item, path, file, locate(key))
                    case "shared-between-users":
                        config.sharedBetweenUsers = try bool(item, path, file, locate(key))
                    default: throw .unknownKey(file: file, line: locate(key), key: path)
                    }
                }
            case "defaults":
                guard let defaults = value.table else {
                    throw .invalidValue(file: file, line: locate(section), key: section, reason: "must be a table")
                }
                for (key, item) in defaults {
                    switch (key, item.table) {
                    case ("request-response", let rr?):
                        try apply(rr, to: &config.requestResponse, file: file, locate: locate)
                    case ("publish-subscribe", let ps?):
                        try apply(ps, to: &config.publishSubscribe, file: file, locate: locate)
                    case ("event", let event?):
                        try apply(event, to: &config.event, file: file, locate: locate)
                    default: throw .unknownKey(file: file, line: locate(key), key: "defaults.\(key)")
                    }
                }
            case "gateway":
                // zcipc-gateway's own section (services to carry, DDS settings); the gateway reads it itself.
                continue
            default:
                throw .unknownKey(file: file, line: locate(section), key: section)
            }
        }
        return try config.validated(file: file)
    }

    private static func apply(
        _ table: TOMLTable, to limits: inout PublishSubscribeDefaults, file: String, locate: (String) -> Int?
    ) throws(ConfigError) {
        for (key, item) in table {
            let path = "defaults.publish-subscribe.\(key)"
            let line = locate(key)
            switch key {
            case "max-publishers": limits.maxPublishers = try count(item, path, file, line)
            case "max-subscribers": limits.maxSubscribers = try count(item, path, file, line)
            case "max-nodes": limits.maxNodes = try count(item, path, file, line)
            case "history-size": limits.historySize = try count(item, path, file, line)
            case "subscriber-max-buffer-size": limits.subscriberMaxBufferSize = try count(item, path, file, line)
            case "subscriber-max-borrowed-samples":
                limits.subscriberMaxBorrowedSamples = try count(item, path, file, line)
            case "publisher-max-loaned-samples": limits.publisherMaxLoanedSamples = try count(item, path, file, line)
            case "enable-safe-overflow": limits.enableSafeOverflow = try bool(item, path, file, line)
            case "unable-to-deliver-strategy":
                switch try string(item, path, file, line) {
                case "block": limits.unableToDeliverStrategy = .block
                case "discard-data": limits.unableToDeliverStrategy = .discardData
                default:
                    throw .invalidValue(
                        file: file, line: line, key: path, reason: "must be \"block\" or \"discard-data\"")
                }
            default: throw .unknownKey(file: file, line: line, key: path)
            }
        }
    }

    private static func apply(
        _ table: TOMLTable, to settings: inout EventDefaults, file: String, locate: (String) -> Int?
    ) throws(ConfigError) {
        for (key, item) in table {
            let path = "defaults.event.\(key)"
            let line = locate(key)
            switch key {
            case "max-notifiers": settings.maxNotifiers = try count(item, path, file, line)
            case "max-listeners": settings.maxListeners = try count(item, path, file, line)
            case "max-nodes": settings.maxNodes = try count(item, path, file, line)
            case "event-id-max-value": settings.eventIdMaxValue = try eventId(item, path, file, line)
            case "deadline-ms": settings.deadline = .milliseconds(try count(item, path, file, line, max: Int(Int32.max)))
            case "notifier-created-event": settings.notifierCreatedEvent = EventId(try eventId(item, path, file, line))
            case "notifier-dropped-event": settings.notifierDroppedEvent = EventId(try eventId(item, path, file, line))
            case "notifier-dead-event": settings.notifierDeadEvent = EventId(try eventId(item, path, file, line))
            default: throw .unknownKey(file: file, line: line, key: path)
            }
        }
    }

    /// An event id or the largest one: a count of at most `EventDefaults.largestEventIdMaxValue`.
    private static func eventId(_ item: TOMLValueConvertible, _ path: String, _ file: String, _ line: Int?)
        throws(ConfigError) -> Int
    {
        try count(item, path, file, line, max: EventDefaults.largestEventIdMaxValue)
    }

    private static func apply(
        _ table: TOMLTable, to limits: inout RequestResponseDefaults, file: String, locate: (String) -> Int?
    ) throws(ConfigError) {
        for (key, item) in table {
            let path = "defaults.request-response.\(key)"
            let line = locate(key)
            switch key {
            case "max-clients": limits.maxClients = try count(item, path, file, line)
            case "max-servers": limits.maxServers = try count(item, path, file, line, max: 64)
            case "max-nodes": limits.maxNodes = try count(item, path, file, line)
            case "max-active-requests-per-client": limits.maxActiveRequestsPerClient = try count(item, path, file, line)
            case "max-loaned-requests": limits.maxLoanedRequests = try count(item, path, file, line)
            case "max-response-buffer-size": limits.maxResponseBufferSize = try count(item, path, file, line)
            case "max-borrowed-responses-per-pending-response":
                limits.maxBorrowedResponsesPerPendingResponse = try count(item, path, file, line)
            case "max-loaned-responses-per-request":
                limits.maxLoanedResponsesPerRequest = try count(item, path, file, line)
            case "enable-safe-overflow-for-requests":
                limits.enableSafeOverflowForRequests = try bool(item, path, file, line)
            case "enable-safe-overflow-for-responses":
                limits.enableSafeOverflowForResponses = try bool(item, path, file, line)
            case "enable-fire-and-forget-requests":
                limits.enableFireAndForgetRequests = try bool(item, path, file, line)
            default: throw .unknownKey(file: file, line: line, key: path)
            }
        }
    }

    private static func string(_ item: TOMLValueConvertible, _ key: String, _ file: String, _ line: Int?)
        throws(ConfigError) -> String
    {
        guard let value = item.string else {
            throw .invalidValue(file: file, line: line, key: key, reason: "must be a string")
        }
        return value
    }

    private static func bool(_ item: TOMLValueConvertible, _ key: String, _ file: String, _ line: Int?)
        throws(ConfigError) -> Bool
    {
        guard let value = item.bool else {
            throw .invalidValue(file: file, line: line, key: key, reason: "must be true or false")
        }
        return value
    }

    private static func count(
        _ item: TOMLValueConvertible, _ key: String, _ file: String, _ line: Int?, max: Int = 1 << 20
    ) throws(ConfigError) -> Int {
        guard let value = item.int else {
            throw .invalidValue(file: file, line: line, key: key, reason: "must be an integer")
        }
        guard value >= 0 && value <= max else {
            throw .invalidValue(file: file, line: line, key: key, reason: "must be between 0 and \(max)")
        }
        return value
    }
}

/// The 1-based line on which `key` is assigned or opens a table (TOMLKit keeps no positions for keys).
private func lineOf(key: String, in text: String) -> Int? {
    for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
        let trimmed = line.drop { $0 == " " || $0 == "\t" }
        if trimmed.hasPrefix(key + " ") || trimmed.hasPrefix(key + "=") || trimmed.hasPrefix("[\(key)")
            || trimmed.contains(".\(key)]") || trimmed.hasPrefix("\"\(key)\"")
        {
            return index + 1
        }
    }
    return nil
}

/// Reads a whole text file, or `nil` if it cannot be read.
func readTextFile(_ path: String) -> String? {
    guard let file = fopen(path, "r") else { return nil }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
        let count = fread(&buffer, 1, buffer.count, file)
        if count <= 0 { break }
        bytes.append(contentsOf: buffer[0..<count])
    }
    return String(decoding: bytes, as: UTF8.self)
}
