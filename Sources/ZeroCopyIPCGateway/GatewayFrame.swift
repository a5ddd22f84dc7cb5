/// One message between gateways on the data path: a request, a response, the end or cancellation of a response
/// stream, a publish-subscribe sample, or a probe that shows the data path works before a service is mirrored.
///
/// The encoding is little-endian with a versioned header, so that a gateway refuses a frame of another wire version
/// instead of misreading it:
///
/// ```
/// offset  0  magic "ZGWF"           offset 24  sequence        (u64)
/// offset  4  wire version (u16)     offset 32  element count   (u32)
/// offset  6  kind (u8)              offset 36  service length  (u16)
/// offset  7  flags (u8)             offset 38  header length   (u16)
/// offset  8  source gateway (u64)   offset 40  payload length  (u32)
/// offset 16  correlation id (u64)   offset 44  service name, user header, payload
/// ```
///
/// Flags: bit 0 on a response says the stream ends with it (the server had dropped the request already), so that
/// the common one-response request costs one frame back instead of a response and an ``Kind/end`` frame.
public struct GatewayFrame: Sendable, Hashable {
    /// What a frame carries.
    public enum Kind: UInt8, Sendable, Hashable, CaseIterable {
        /// Asks the origin gateway whether the data path to it works (answered by ``probeReply``).
        case probe = 1
        /// The origin's answer to a ``probe``.
        case probeReply = 2
        /// A client's request, sent to the gateway of the server's host.
        case request = 3
        /// One response of a request's stream, sent back to the gateway of the client's host.
        case response = 4
        /// The server dropped the request: the stream has ended.
        case end = 5
        /// The client dropped its pending response: the origin gateway drops the request it sent for it.
        case cancel = 6
        /// A publish-subscribe sample.
        case sample = 7
    }

    /// The wire version this library writes and reads (2: the flags byte carries ``endsStream``).
    public static let wireVersion: UInt16 = 2
    static let magic: [UInt8] = Array("ZGWF".utf8)
    static let headerSize = 44
    static let endsStreamFlag: UInt8 = 1

    /// What the frame carries.
    public var kind: Kind
    /// The id of the gateway that sent the frame.
    public var source: UInt64
    /// The request on the sending side (requests, responses, end, cancel); the probe's id for probes.
    public var correlation: UInt64
    /// The response's index in its stream, or the sample's sequence number.
    public var sequence: UInt64
    /// The number of payload elements (1 for a fixed payload); checked against the payload's bytes on receipt.
    public var elementCount: UInt32
    /// The service the frame belongs to.
    public var service: String
    /// The message's user header bytes (empty when the service has none).
    public var userHeader: [UInt8]
    /// The payload bytes: `elementCount` elements.
    public var payload: [UInt8]
    /// On a response: the stream ends with it, as if an ``Kind/end`` frame followed.
    public var endsStream: Bool

    /// Creates a frame.
    public init(
        kind: Kind, source: UInt64, service: String, correlation: UInt64 = 0, sequence: UInt64 = 0,
        elementCount: UInt32 = 0, userHeader: [UInt8] = [], payload: [UInt8] = [], endsStream: Bool = false
    ) {
        self.kind = kind
        self.source = source
        self.service = service
        self.correlation = correlation
        self.sequence = sequence
        self.elementCount = elementCount
        self.userHeader = userHeader
        self.payload = payload
        self.endsStream = endsStream
    }

    /// The frame's bytes.
    public var encoded: [UInt8] {
        let name = Array(service.utf8)
        var bytes = Self.magic
        bytes.reserveCapacity(Self.headerSize + name.count + userHeader.count + payload.count)
        bytes.appendLittleEndian(Self.wireVersion)
        bytes.append(kind.rawValue)
        bytes.append(endsStream ? Self.endsStreamFlag : 0)
        bytes.appendLittleEndian(source)
        bytes.appendLittleEndian(correlation)
        bytes.appendLittleEndian(sequence)
        bytes.appendLittleEndian(elementCount)
        bytes.appendLittleEndian(UInt16(truncatingIfNeeded: name.count))
        bytes.appendLittleEndian(UInt16(truncatingIfNeeded: userHeader.count))
        bytes.appendLittleEndian(UInt32(truncatingIfNeeded: payload.count))
        bytes += name
        bytes += userHeader
        bytes += payload
        return bytes
    }

    /// Reads a frame.
    /// - Parameter bytes: The frame's bytes, as ``encoded`` writes them.
    /// - Throws: ``GatewayFrameError`` when the bytes are no frame of this wire version.
    public init(decoding bytes: some Collection<UInt8>) throws(GatewayFrameError) {
        let b = Array(bytes)
        guard b.count >= Self.headerSize else { throw .tooShort(b.count) }
        guard Array(b[0..<4]) == Self.magic else { throw .notAFrame }
        let version: UInt16 = b.littleEndian(at: 4)
        guard version == Self.wireVersion else { throw .wireVersion(version) }
        guard let kind = Kind(rawValue: b[6]) else { throw .unknownKind(b[6]) }
        let nameLength = Int(b.littleEndian(at: 36) as UInt16)
        let headerLength = Int(b.littleEndian(at: 38) as UInt16)
        let payloadLength = Int(b.littleEndian(at: 40) as UInt32)
        let expected = Self.headerSize + nameLength + headerLength + payloadLength
        guard b.count == expected else { throw .lengthMismatch(declared: expected, actual: b.count) }
        let nameEnd = Self.headerSize + nameLength
        let headerEnd = nameEnd + headerLength
        self.init(
            kind: kind, source: b.littleEndian(at: 8), service: String(decoding: b[Self.headerSize..<nameEnd], as: UTF8.self),
            correlation: b.littleEndian(at: 16), sequence: b.littleEndian(at: 24), elementCount: b.littleEndian(at: 32),
            userHeader: Array(b[nameEnd..<headerEnd]), payload: Array(b[headerEnd...]),
            endsStream: b[7] & Self.endsStreamFlag != 0)
    }

    /// Checks the payload against the element size the service records.
    /// - Parameter elementSize: The size of one payload element.
    /// - Throws: ``GatewayFrameError/elementCountMismatch(service:count:elementSize:bytes:)`` when the payload is not
    ///   exactly ``elementCount`` elements.
    public func checkElements(size elementSize: Int) throws(GatewayFrameError) {
        guard Int(elementCount) * elementSize == payload.count else {
            throw .elementCountMismatch(
                service: service, count: Int(elementCount), elementSize: elementSize, bytes: payload.count)
        }
    }
}

/// Why bytes received on the data path are not a usable frame.
public enum GatewayFrameError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Fewer bytes than a frame header.
    case tooShort(Int)
    /// The bytes do not start with the frame magic: not a gateway frame.
    case notAFrame
    /// A frame of another wire version.
    case wireVersion(UInt16)
    /// A kind this version does not know.
    case unknownKind(UInt8)
    /// The lengths in the header do not add up to the frame's size.
    case lengthMismatch(declared: Int, actual: Int)
    /// The payload is not `count` elements of `elementSize` bytes.
    case elementCountMismatch(service: String, count: Int, elementSize: Int, bytes: Int)

    public var description: String {
        switch self {
        case .tooShort(let count):
            "a frame of \(count) bytes is shorter than the \(GatewayFrame.headerSize)-byte header"
        case .notAFrame: "the bytes are not a gateway frame (no ZGWF magic); is another program using the topic?"
        case .wireVersion(let version):
            "a frame of wire version \(version) (this gateway speaks \(GatewayFrame.wireVersion)); run the same "
                + "zcipc-gateway version on both hosts"
        case .unknownKind(let kind): "a frame of unknown kind \(kind); run the same zcipc-gateway version on both hosts"
        case .lengthMismatch(let declared, let actual):
            "the frame's header declares \(declared) bytes but \(actual) arrived"
        case .elementCountMismatch(let service, let count, let elementSize, let bytes):
            "a frame of '\(service)' declares \(count) elements of \(elementSize) bytes but carries \(bytes) bytes"
        }
    }
}

extension Array where Element == UInt8 {
    mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
        for index in 0..<MemoryLayout<T>.size { append(UInt8(truncatingIfNeeded: value >> (index * 8))) }
    }

    func littleEndian<T: FixedWidthInteger>(at offset: Int) -> T {
        var value = T.zero
        for index in 0..<MemoryLayout<T>.size { value |= T(self[offset + index]) << (index * 8) }
        return value
    }
}
