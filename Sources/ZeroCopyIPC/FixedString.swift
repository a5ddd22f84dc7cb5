/// A UTF-8 string with a fixed capacity of `N` bytes that lives inline, without heap storage.
///
/// The layout is the one iceoryx2 uses for its fixed-size strings, so C, C++ and Rust can read it:
/// `{ data: [u8; N], terminator: u8, len: u64 }`. `data[len]` and `terminator` are always zero, so the bytes
/// are also a valid C string.
///
/// ```swift
/// var name: FixedString<16> = "camera"
/// try name.append(contentsOf: "-left")
/// print(name)   // camera-left
/// ```
@frozen
public struct FixedString<let N: Int>: ZeroCopySend, Sendable {
    /// The bytes; only the first ``count`` are part of the string, the rest are zero.
    @usableFromInline internal var data: InlineArray<N, UInt8>
    /// Always zero: terminates a string that fills the whole capacity.
    @usableFromInline internal var terminator: UInt8
    /// The number of bytes in use.
    @usableFromInline internal var len: UInt64

    /// The cross-language type name, `string<N>`.
    public static var typeName: String { "string<\(N)>" }

    /// The largest number of UTF-8 bytes the string can hold.
    public static var capacity: Int { N }

    /// Creates an empty string, every byte zero (padding included, so no stale bytes reach another process).
    public init() {
        self = _zeroCopyZeroed(Self.self)
    }

    /// Creates a string from `text`, or returns `nil` when its UTF-8 form is longer than the capacity.
    /// - Parameter text: The text to store.
    public init?(_ text: some StringProtocol) {
        self.init()
        guard (try? append(contentsOf: text)) != nil else { return nil }
    }

    /// The number of UTF-8 bytes in the string.
    public var count: Int { Int(truncatingIfNeeded: len) }

    /// Whether the string holds no bytes.
    public var isEmpty: Bool { len == 0 }

    /// The string's contents as a Swift `String` (invalid UTF-8, as a C writer might leave, is repaired).
    public var stringValue: String {
        var copy = data
        let length = Swift.min(count, N)
        return withUnsafeBytes(of: &copy) { raw in
            String(decoding: UnsafeRawBufferPointer(rebasing: raw[0..<length]), as: UTF8.self)
        }
    }

    /// The UTF-8 bytes of the string.
    public var utf8: [UInt8] {
        (0..<Swift.min(count, N)).map { data[$0] }
    }

    /// Appends `text`.
    /// - Parameter text: The text to append.
    /// - Throws: ``FixedCapacityError`` when the result would exceed the capacity; the string is unchanged then.
    public mutating func append(contentsOf text: some StringProtocol) throws(FixedCapacityError) {
        let bytes = text.utf8
        guard count + bytes.count <= N else {
            throw FixedCapacityError(capacity: N, requested: count + bytes.count)
        }
        var index = count
        for byte in bytes {
            data[index] = byte
            index += 1
        }
        len = UInt64(index)
    }

    /// Removes every byte.
    public mutating func removeAll() {
        for index in 0..<N { data[index] = 0 }
        len = 0
    }
}

extension FixedString: ExpressibleByStringLiteral {
    /// Creates a string from a literal; a literal longer than the capacity is a programming error and traps.
    /// - Parameter value: The literal.
    public init(stringLiteral value: String) {
        guard let string = FixedString(value) else {
            preconditionFailure("string literal of \(value.utf8.count) bytes exceeds FixedString<\(N)> capacity")
        }
        self = string
    }
}

extension FixedString: Equatable {
    /// Two strings are equal when their bytes in use are equal.
    public static func == (lhs: Self, rhs: Self) -> Bool {
        guard lhs.len == rhs.len else { return false }
        for index in 0..<Swift.min(lhs.count, N) where lhs.data[index] != rhs.data[index] {
            return false
        }
        return true
    }
}

extension FixedString: Hashable {
    /// Hashes the bytes in use.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(utf8)
    }
}

extension FixedString: CustomStringConvertible, CustomDebugStringConvertible {
    /// The string's contents.
    public var description: String { stringValue }
    /// The string's contents, quoted.
    public var debugDescription: String { String(reflecting: stringValue) }
}

/// Thrown when a fixed-capacity string or vector would grow beyond its capacity.
public struct FixedCapacityError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The capacity of the container.
    public var capacity: Int
    /// The size the operation would have needed.
    public var requested: Int

    /// A sentence naming the capacity and the size requested.
    public var description: String {
        "needs room for \(requested) elements but the capacity is \(capacity)"
    }
}
