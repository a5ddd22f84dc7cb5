/// A fixed-size buffer allocated once, whose elements are read and written in place without copy-on-write or
/// exclusivity checks: the process-local bookkeeping of the hot paths (free lists, reference counts, peer tables).
///
/// A plain value with reference semantics: copies share the storage, and the owner calls ``deallocate()`` once,
/// in its `deinit`.
public struct FixedBuffer<Element> {
    /// The first element.
    public let base: UnsafeMutablePointer<Element>
    /// The number of elements.
    public let count: Int

    /// Allocates `count` elements, each initialised to `value`.
    @inlinable
    public init(repeating value: Element, count: Int) {
        base = .allocate(capacity: max(count, 1))
        base.initialize(repeating: value, count: count)
        self.count = count
    }

    /// The element at `index`, in place.
    @inlinable @inline(__always)
    public subscript(index: Int) -> Element {
        unsafeAddress { UnsafePointer(base + index) }
        nonmutating unsafeMutableAddress { base + index }
    }

    /// Deinitialises the elements and frees the storage.
    @inlinable
    public func deallocate() {
        base.deinitialize(count: count)
        base.deallocate()
    }
}
