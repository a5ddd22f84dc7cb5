/// Where a message lies in shared memory: its chunk, its payload and its user header. What the accessors of
/// ``LoanedMessage`` and ``ReceivedMessage`` read and write; opaque, only the runtime looks inside.
@frozen
public struct MessageBytes {
    @usableFromInline let chunk: UnsafeMutableRawPointer
    @usableFromInline let payload: UnsafeMutableRawPointer
    /// The number of payload elements (1 for a fixed payload).
    @usableFromInline let count: Int
    @usableFromInline let elementSize: Int
    @usableFromInline let userHeader: UserHeaderSlot

    // The layout's two fields rather than the layout: a copy of the whole layout would retain its type names.
    @inlinable @inline(__always)
    init(
        chunk: UnsafeMutableRawPointer, payload: UnsafeMutableRawPointer, count: Int, elementSize: Int,
        userHeader: UserHeaderSlot
    ) {
        self.chunk = chunk
        self.payload = payload
        self.count = count
        self.elementSize = elementSize
        self.userHeader = userHeader
    }

    /// The payload as `count` elements of `Element`.
    @inlinable @inline(__always)
    func elements<Element>(_: Element.Type) -> UnsafeMutablePointer<Element> {
        payload.assumingMemoryBound(to: Element.self)
    }

    /// The user header, when the service's user header is `Header`.
    @inlinable @inline(__always)
    func userHeader<Header: ZeroCopySend>(_: Header.Type) -> UnsafeMutablePointer<Header>? {
        guard userHeader.holds(Header.self) else { return nil }
        return (chunk + userHeader.offset).assumingMemoryBound(to: Header.self)
    }
}

/// Which user header a message carries and where: enough to check a requested header type without the service's
/// full type details (whose strings would cost reference counting on every access).
@frozen @usableFromInline
struct UserHeaderSlot: BitwiseCopyable {
    /// The header's offset in the chunk.
    @usableFromInline let offset: Int
    /// The header's size; -1 when the service has no user header.
    @usableFromInline let size: Int
    /// The header type's layout fingerprint.
    @usableFromInline let fingerprint: UInt64

    @inlinable
    init(offset: Int, size: Int, fingerprint: UInt64) {
        self.offset = offset
        self.size = size
        self.fingerprint = fingerprint
    }

    /// Whether `Header` is the service's user header (same layout fingerprint and size).
    @inlinable @inline(__always)
    func holds<Header: ZeroCopySend>(_: Header.Type) -> Bool {
        let layout = Header.zeroCopyLayout
        return size >= 0 && layout.fingerprint == fingerprint && layout.size == size
    }
}
