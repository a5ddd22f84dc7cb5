/// A static config as `key=value` lines: readable in a hex dump, and a field added later cannot shift others.
/// Keys and values are escaped (`\\`, `\n`, `\e` for `=`), so any text survives.
package struct StaticConfigFields {
    /// What ``pattern`` reads as when the text names none (it is not a static config at all).
    static let unknownPattern = "unknown"

    private(set) var values: [String: String] = [:]
    private(set) var attributes: [Attribute] = []

    /// Parses a static config text.
    init(_ text: String) {
        for line in text.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            let key = String(line[..<equals])
            let value = String(line[line.index(after: equals)...])
            if key == "attribute", let split = value.firstIndex(of: "=") {
                attributes.append(
                    Attribute(
                        key: Self.unescape(String(value[..<split])),
                        value: Self.unescape(String(value[value.index(after: split)...]))))
            } else {
                values[key] = value
            }
        }
    }

    /// The pattern named in the text, as written (``unknownPattern`` when none is).
    var patternName: String { values["pattern"] ?? Self.unknownPattern }
    /// The pattern named in the text, if it is one this library knows.
    var pattern: MessagingPattern? { MessagingPattern(rawValue: patternName) }
    /// The service's name.
    var name: String { Self.unescape(values["name"] ?? "") }

    func int(_ key: String) -> Int { Int(values[key] ?? "") ?? 0 }
    func bool(_ key: String) -> Bool { values[key] == "true" }
    func has(_ key: String) -> Bool { values[key] != nil }

    /// The payload described under `prefix` (see ``payloadLines(_:_:)``).
    func payload(_ prefix: String) -> PayloadDescriptor {
        PayloadDescriptor(
            typeName: Self.unescape(values["\(prefix).type"] ?? ""), size: int("\(prefix).size"),
            alignment: int("\(prefix).alignment"),
            variant: PayloadVariant(rawValue: values["\(prefix).variant"] ?? "") ?? .fixed,
            fingerprint: UInt64(values["\(prefix).fingerprint"] ?? "") ?? 0,
            layout: values["\(prefix).layout"].map(Self.unescape))
    }

    /// The payload under `prefix`, or `nil` when the text has none there.
    func optionalPayload(_ prefix: String) -> PayloadDescriptor? { has("\(prefix).type") ? payload(prefix) : nil }

    /// The lines that describe `payload` under `prefix`.
    static func payloadLines(_ prefix: String, _ payload: PayloadDescriptor) -> [String] {
        [
            "\(prefix).type=\(escape(payload.typeName))", "\(prefix).size=\(payload.size)",
            "\(prefix).alignment=\(payload.alignment)", "\(prefix).variant=\(payload.variant.rawValue)",
            "\(prefix).fingerprint=\(payload.fingerprint)",
        ] + (payload.layout.map { ["\(prefix).layout=\(escape($0))"] } ?? [])
    }

    /// The text of a static config.
    static func encode(pattern: MessagingPattern, name: String, lines: [String], attributes: [Attribute]) -> String {
        var all = ["pattern=\(pattern.rawValue)", "name=\(escape(name))"] + lines
        for attribute in attributes { all.append("attribute=\(escape(attribute.key))=\(escape(attribute.value))") }
        let text = all.joined(separator: "\n")
        // Field layouts are for tools and error messages; types are still compared by fingerprint without them.
        // When a huge type's layout would not fit the static config, the service goes without rather than fail.
        guard text.utf8.count + 4 > ServiceLayout.staticConfigCapacity else { return text }
        return all.filter { !$0.contains(".layout=") || $0.hasPrefix("attribute=") }.joined(separator: "\n")
    }

    static func escape(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "=": result += "\\e"
            default: result.append(character)
            }
        }
        return result
    }

    /// Undoes ``escape(_:)`` (`\\`, `\n`, `\e` for `=`).
    package static func unescape(_ text: String) -> String {
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
}
