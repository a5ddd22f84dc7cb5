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

    static let pattern = "request-response"
    /// What ``decode(_:)`` reports as the pattern of a text that names none (not a static config at all).
    static let unknownPattern = "unknown"

    /// Encodes as `key=value` lines: readable in a hex dump, and a field added later cannot shift others.
    func encoded() -> String {
        var lines = ["pattern=\(Self.pattern)", "name=\(escape(name))"]
        var payloads = [("request", request), ("response", response)]
        if let requestHeader { payloads.append(("request-header", requestHeader)) }
        if let responseHeader { payloads.append(("response-header", responseHeader)) }
        for (prefix, payload) in payloads {
            lines += [
                "\(prefix).type=\(escape(payload.typeName))", "\(prefix).size=\(payload.size)",
                "\(prefix).alignment=\(payload.alignment)", "\(prefix).variant=\(payload.variant.rawValue)",
                "\(prefix).fingerprint=\(payload.fingerprint)",
            ]
        }
        let l = limits
        lines += [
            "max-clients=\(l.maxClients)", "max-servers=\(l.maxServers)", "max-nodes=\(l.maxNodes)",
            "max-active-requests-per-client=\(l.maxActiveRequestsPerClient)",
            "max-loaned-requests=\(l.maxLoanedRequests)", "max-response-buffer-size=\(l.maxResponseBufferSize)",
            "max-borrowed-responses-per-pending-response=\(l.maxBorrowedResponsesPerPendingResponse)",
            "max-loaned-responses-per-request=\(l.maxLoanedResponsesPerRequest)",
            "enable-safe-overflow-for-requests=\(l.enableSafeOverflowForRequests)",
            "enable-safe-overflow-for-responses=\(l.enableSafeOverflowForResponses)",
            "enable-fire-and-forget-requests=\(l.enableFireAndForgetRequests)",
        ]
        for attribute in attributes { lines.append("attribute=\(escape(attribute.key))=\(escape(attribute.value))") }
        return lines.joined(separator: "\n")
    }

    /// Decodes ``encoded()``; `nil` when the text is not a request-response config.
    static func decode(_ text: String) -> (pattern: String, config: RequestResponseStaticConfig?) {
        var fields: [String: String] = [:]
        var attributes: [Attribute] = []
        for line in text.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            let key = String(line[..<equals])
            let value = String(line[line.index(after: equals)...])
            if key == "attribute", let split = value.firstIndex(of: "=") {
                attributes.append(
                    Attribute(
                        key: unescape(String(value[..<split])),
                        value: unescape(String(value[value.index(after: split)...]))))
            } else {
                fields[key] = value
            }
        }
        let pattern = fields["pattern"] ?? Self.unknownPattern
        guard pattern == Self.pattern else { return (pattern, nil) }
        func int(_ key: String) -> Int { Int(fields[key] ?? "") ?? 0 }
        func bool(_ key: String) -> Bool { fields[key] == "true" }
        func payload(_ prefix: String) -> PayloadDescriptor {
            PayloadDescriptor(
                typeName: unescape(fields["\(prefix).type"] ?? ""), size: int("\(prefix).size"),
                alignment: int("\(prefix).alignment"),
                variant: PayloadVariant(rawValue: fields["\(prefix).variant"] ?? "") ?? .fixed,
                fingerprint: UInt64(fields["\(prefix).fingerprint"] ?? "") ?? 0)
        }
        var limits = RequestResponseDefaults()
        limits.maxClients = int("max-clients")
        limits.maxServers = int("max-servers")
        limits.maxNodes = int("max-nodes")
        limits.maxActiveRequestsPerClient = int("max-active-requests-per-client")
        limits.maxLoanedRequests = int("max-loaned-requests")
        limits.maxResponseBufferSize = int("max-response-buffer-size")
        limits.maxBorrowedResponsesPerPendingResponse = int("max-borrowed-responses-per-pending-response")
        limits.maxLoanedResponsesPerRequest = int("max-loaned-responses-per-request")
        limits.enableSafeOverflowForRequests = bool("enable-safe-overflow-for-requests")
        limits.enableSafeOverflowForResponses = bool("enable-safe-overflow-for-responses")
        limits.enableFireAndForgetRequests = bool("enable-fire-and-forget-requests")
        let config = RequestResponseStaticConfig(
            name: unescape(fields["name"] ?? ""), request: payload("request"), response: payload("response"),
            requestHeader: fields["request-header.type"] == nil ? nil : payload("request-header"),
            responseHeader: fields["response-header.type"] == nil ? nil : payload("response-header"),
            limits: limits, attributes: attributes)
        return (pattern, config)
    }
}

private func escape(_ text: String) -> String {
    text.replacingAll("\\", with: "\\\\").replacingAll("\n", with: "\\n").replacingAll("=", with: "\\e")
}

private func unescape(_ text: String) -> String {
    var result = ""
    var iterator = text.makeIterator()
    while let character = iterator.next() {
        guard character == "\\", let next = iterator.next() else {
            result.append(character)
            continue
        }
        switch next {
        case "n": result.append("\n")
        case "e": result.append("=")
        default: result.append(next)
        }
    }
    return result
}

extension String {
    fileprivate func replacingAll(_ target: Character, with replacement: String) -> String {
        var result = ""
        for character in self {
            if character == target { result += replacement } else { result.append(character) }
        }
        return result
    }
}
