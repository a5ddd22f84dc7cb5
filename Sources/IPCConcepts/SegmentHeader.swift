/// The first 64 bytes of every segment this library creates: magic, layout version, kind and size.
///
/// A segment with another magic or version is refused (`versionMismatch`) instead of being misread. The header is
/// written before anything else refers to the segment and never changes afterwards.
package struct SegmentHeader: BitwiseCopyable {
    /// "ZCIPCSEG" in ASCII.
    package static let expectedMagic: UInt64 = 0x4745_5343_5049_435A
    /// Bumped whenever a shared-memory layout changes.
    package static let currentVersion: UInt32 = 8
    /// The header's size; the segment's own data starts here.
    package static let byteSize = 64

    /// What a segment holds.
    package enum Kind: UInt32 {
        case service = 1
        case portControl = 2
        case data = 3
    }

    package var magic: UInt64
    package var version: UInt32
    package var kind: UInt32
    package var size: UInt64
    /// Kind-specific numbers (for data segments: chunk stride, chunk count, payload capacity in bytes).
    package var words: (UInt64, UInt64, UInt64, UInt64, UInt64)

    /// A header for a new segment.
    package init(kind: Kind, size: Int, words: (UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0)) {
        magic = Self.expectedMagic
        version = Self.currentVersion
        self.kind = kind.rawValue
        self.size = UInt64(size)
        self.words = words
    }

    /// Why a header was refused.
    package enum Problem: Error {
        case notOurs
        case version(found: UInt32)
        case wrongKind, truncated
    }

    /// Reads and checks the header at the start of a mapping.
    /// - Parameters:
    ///   - base: The mapping's first byte.
    ///   - size: The mapping's size.
    ///   - kind: The kind the caller expects.
    /// - Returns: The header.
    /// - Throws: ``Problem`` naming what is wrong.
    package static func read(from base: UnsafeRawPointer, size: Int, kind: Kind) throws(Problem) -> SegmentHeader {
        guard size >= byteSize else { throw .truncated }
        let header = base.loadUnaligned(as: SegmentHeader.self)
        guard header.magic == expectedMagic else { throw .notOurs }
        guard header.version == currentVersion else { throw .version(found: header.version) }
        guard header.kind == kind.rawValue else { throw .wrongKind }
        guard Int(header.size) <= size else { throw .truncated }
        return header
    }

    /// Writes the header at the start of a mapping.
    package func write(to base: UnsafeMutableRawPointer) { base.storeBytes(of: self, as: SegmentHeader.self) }
}
