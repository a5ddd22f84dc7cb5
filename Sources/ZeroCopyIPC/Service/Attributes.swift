/// A key-value pair a service creator attaches to a service, for example `("camera.resolution", "1920x1080")`.
public struct Attribute: Sendable, Hashable, CustomStringConvertible {
    /// The key.
    public var key: String
    /// The value.
    public var value: String

    /// Creates an attribute.
    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }

    /// `key=value`.
    public var description: String { "\(key)=\(value)" }
}

/// The attributes a creator defines (`createWithAttributes(_:)`).
public struct AttributeSpecifier: Sendable, Hashable {
    /// The attributes defined so far.
    public private(set) var attributes: [Attribute] = []

    /// An empty specifier.
    public init() {}

    /// Adds an attribute; a key may carry several values.
    /// - Parameters:
    ///   - key: The key.
    ///   - value: The value.
    /// - Returns: The specifier with the attribute added.
    public func define(key: String, value: String) -> AttributeSpecifier {
        var copy = self
        copy.attributes.append(Attribute(key: key, value: value))
        return copy
    }
}

/// What an opener requires of a service's attributes (`openWithAttributes(_:)`).
public struct AttributeVerifier: Sendable, Hashable {
    /// Required key-value pairs.
    public private(set) var required: [Attribute] = []
    /// Keys that must exist with any value.
    public private(set) var requiredKeys: [String] = []

    /// A verifier that accepts any attributes.
    public init() {}

    /// Requires `key` to carry `value`.
    /// - Returns: The verifier with the requirement added.
    public func require(key: String, value: String) -> AttributeVerifier {
        var copy = self
        copy.required.append(Attribute(key: key, value: value))
        return copy
    }

    /// Requires `key` to exist.
    /// - Returns: The verifier with the requirement added.
    public func requireKey(_ key: String) -> AttributeVerifier {
        var copy = self
        copy.requiredKeys.append(key)
        return copy
    }

    /// The first requirement `attributes` fails, in words, or `nil` when all hold.
    func violation(in attributes: [Attribute]) -> String? {
        for attribute in required where !attributes.contains(attribute) {
            return "attribute \(attribute) is required but missing"
        }
        for key in requiredKeys where !attributes.contains(where: { $0.key == key }) {
            return "attribute key '\(key)' is required but missing"
        }
        return nil
    }
}
