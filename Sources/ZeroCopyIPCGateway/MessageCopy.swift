@_spi(Untyped) import ZeroCopyIPC

/// Copies between shared-memory messages and frames: the one copy each direction that crossing hosts costs.
enum MessageCopy {
    /// The user header and payload bytes of a message.
    static func read(_ view: RawMessageView, headerSize: Int?) -> (header: [UInt8], payload: [UInt8], count: Int) {
        let payload = Array(UnsafeRawBufferPointer(start: view.payload, count: view.count * view.elementSize))
        var header: [UInt8] = []
        if let headerSize, let pointer = view.userHeader {
            header = Array(UnsafeRawBufferPointer(start: pointer, count: headerSize))
        }
        return (header, payload, view.count)
    }

    /// Writes a frame's user header and payload into a loaned message of the frame's element count.
    static func write(_ frame: GatewayFrame, into view: RawMessageView) {
        frame.payload.withUnsafeBytes { source in
            guard let base = source.baseAddress else { return }
            view.payload.copyMemory(from: base, byteCount: min(source.count, view.count * view.elementSize))
        }
        if let pointer = view.userHeader {
            frame.userHeader.withUnsafeBytes { source in
                guard let base = source.baseAddress else { return }
                pointer.copyMemory(from: base, byteCount: source.count)
            }
        }
    }

    /// Checks a received frame against the service's payload and user header: element count against bytes, and
    /// the user header's size.
    static func check(_ frame: GatewayFrame, payload: PayloadDescriptor, header: PayloadDescriptor?)
        throws(GatewayFrameError)
    {
        try frame.checkElements(size: payload.size)
        if payload.variant == .fixed && frame.elementCount != 1 {
            throw .elementCountMismatch(
                service: frame.service, count: Int(frame.elementCount), elementSize: payload.size,
                bytes: frame.payload.count)
        }
        if frame.userHeader.count != (header?.size ?? 0) {
            throw .lengthMismatch(declared: header?.size ?? 0, actual: frame.userHeader.count)
        }
    }
}
