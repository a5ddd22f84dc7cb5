/// The name of a service, such as `"camera/frames"`: non-empty and at most 255 bytes of UTF-8.
public struct ServiceName: Sendable, Hashable, CustomStringConvertible {
    /// The longest name, in UTF-8 bytes.
    public static let maxLength = 255

    /// The name as text.
    public let value: String

    /// Validates a service name.
    /// - Parameter string: The name.
    /// - Throws: ``ServiceNameError`` when the name is empty or too long.
    public init(_ string: String) throws(ServiceNameError) {
        if string.isEmpty { throw .empty }
        if string.utf8.count > Self.maxLength { throw .tooLong(length: string.utf8.count) }
        value = string
    }

    /// The name as text.
    public var description: String { value }

    /// A stable 64-bit hash of the name (FNV-1a), used to name the service's shared memory.
    var hash: UInt64 {
        var fingerprint = LayoutFingerprint()
        fingerprint.combine(value)
        return fingerprint.value
    }

    /// The hash that names the shared memory of the service with this name under `pattern`: the same name under
    /// another pattern is another service. Request-response keeps the plain ``hash`` (its segments' names as
    /// before).
    func hash(for pattern: MessagingPattern) -> UInt64 {
        guard pattern != .requestResponse else { return hash }
        var fingerprint = LayoutFingerprint()
        fingerprint.combine(pattern.rawValue)
        fingerprint.combine(value)
        return fingerprint.value
    }
}

/// Why a string is not a valid ``ServiceName``.
public enum ServiceNameError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The name is empty.
    case empty
    /// The name is longer than 255 bytes of UTF-8.
    case tooLong(length: Int)

    /// A sentence naming the problem and the fix.
    public var description: String {
        switch self {
        case .empty: "a service name must not be empty; pass a name such as \"My/Service\""
        case .tooLong(let length):
            "the service name is \(length) bytes long, at most \(ServiceName.maxLength) are allowed; shorten it"
        }
    }
}
