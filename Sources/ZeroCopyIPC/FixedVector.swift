/// A vector of at most `N` elements stored inline, without heap storage.
///
/// The layout is the one iceoryx2 uses for its fixed-size vectors, so C, C++ and Rust can read it:
/// `{ data: [T; N], len: u64 }`.
///
/// ```swift
/// var points = FixedVector<Float, 4>()
/// try points.append(1.5)
/// for point in points { print(point) }
/// ```
@frozen
public struct FixedVector<Element: ZeroCopySend, let N: Int>: ZeroCopySend, Sendable {
    /// The storage; elements at and after ``count`` are not part of the vector.
    @usableFromInline internal var data: InlineArray<N, Element>
    /// The number of elements in use.
    @usableFromInline internal var len: UInt64

    /// The cross-language type name, `vec<T, N>`.
    public static var typeName: String { "vec<\(Element.typeName), \(N)>" }

    /// The largest number of elements the vector can hold.
    public static var capacity: Int { N }

    /// Creates an empty vector, every byte zero (padding included, so no stale bytes reach another process).
    public init() {
        self = _zeroCopyZeroed(Self.self)
    }

    /// Creates a vector holding `elements`.
    /// - Parameter elements: The elements.
    /// - Throws: ``FixedCapacityError`` when there are more than `N`.
    public init(_ elements: some Sequence<Element>) throws(FixedCapacityError) {
        self.init()
        for element in elements { try append(element) }
    }

    /// The number of elements in the vector.
    public var count: Int { Swift.min(Int(truncatingIfNeeded: len), N) }

    /// Whether the vector holds no elements.
    public var isEmpty: Bool { len == 0 }

    /// Appends an element.
    /// - Parameter element: The element to append.
    /// - Throws: ``FixedCapacityError`` when the vector is full.
    public mutating func append(_ element: Element) throws(FixedCapacityError) {
        guard count < N else { throw FixedCapacityError(capacity: N, requested: count + 1) }
        data[count] = element
        len += 1
    }

    /// Removes and returns the last element, or `nil` when the vector is empty.
    @discardableResult
    public mutating func popLast() -> Element? {
        guard count > 0 else { return nil }
        len -= 1
        return data[count]
    }

    /// Removes every element.
    public mutating func removeAll() { len = 0 }
}

extension FixedVector: RandomAccessCollection, MutableCollection {
    /// The index of the first element.
    public var startIndex: Int { 0 }
    /// The index after the last element.
    public var endIndex: Int { count }

    /// Accesses the element at `position`, which must be less than ``count``.
    public subscript(position: Int) -> Element {
        get {
            precondition(position >= 0 && position < count, "FixedVector index \(position) out of range 0..<\(count)")
            return data[position]
        }
        set {
            precondition(position >= 0 && position < count, "FixedVector index \(position) out of range 0..<\(count)")
            data[position] = newValue
        }
    }
}

extension FixedVector: Equatable where Element: Equatable {
    /// Two vectors are equal when they hold equal elements in the same order.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.elementsEqual(rhs) }
}

extension FixedVector: ExpressibleByArrayLiteral {
    /// Creates a vector from a literal; more than `N` elements is a programming error and traps.
    public init(arrayLiteral elements: Element...) {
        do { try self.init(elements) } catch {
            preconditionFailure("array literal of \(elements.count) elements exceeds FixedVector capacity \(N)")
        }
    }
}

extension FixedVector: CustomStringConvertible {
    /// The elements, as an array literal would print them.
    public var description: String { "[" + map { "\($0)" }.joined(separator: ", ") + "]" }
}

/// Fixed arrays of payload types are payload types too (`[T; N]` in a definition), so that `vec<[T; M], N>` works.
extension InlineArray: ZeroCopySend where Element: ZeroCopySend {
    /// `[T; N]`.
    public static var typeName: String { "[\(Element.typeName); \(count)]" }
}
