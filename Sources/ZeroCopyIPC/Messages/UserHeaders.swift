// Access to the optional user headers (`requestUserHeader(_:)` / `responseUserHeader(_:)` on the service
// builder). The header type is part of the service's static config; asking for another type gives `nil`.

extension RequestMut {
    /// The request's user header, written in place (zeroed at loan).
    /// - Parameter type: The service's request user header type.
    /// - Returns: The header, or `nil` when the service's request user header is not `Header`.
    public func userHeader<Header: ZeroCopySend>(as type: Header.Type) -> UnsafeMutablePointer<Header>? {
        let client = core
        guard client.requestLayout.hasUserHeader(type) else { return nil }
        let chunk = payloadStart - client.requestLayout.payloadOffset
        return (chunk + client.requestLayout.userHeaderOffset).assumingMemoryBound(to: Header.self)
    }
}

extension ActiveRequest {
    /// The request's user header.
    /// - Parameter type: The service's request user header type.
    /// - Returns: The header, or `nil` when the service's request user header is not `Header`.
    public func userHeader<Header: ZeroCopySend>(as type: Header.Type) -> Header? {
        guard core.requestLayout.hasUserHeader(type) else { return nil }
        return (request.chunk + core.requestLayout.userHeaderOffset).load(as: Header.self)
    }
}

extension ResponseMut {
    /// The response's user header, written in place (zeroed at loan).
    /// - Parameter type: The service's response user header type.
    /// - Returns: The header, or `nil` when the service's response user header is not `Header`.
    public func userHeader<Header: ZeroCopySend>(as type: Header.Type) -> UnsafeMutablePointer<Header>? {
        let server = core
        guard server.responseLayout.hasUserHeader(type) else { return nil }
        return (chunk + server.responseLayout.userHeaderOffset).assumingMemoryBound(to: Header.self)
    }
}

extension Response {
    /// The response's user header.
    /// - Parameter type: The service's response user header type.
    /// - Returns: The header, or `nil` when the service's response user header is not `Header`.
    public func userHeader<Header: ZeroCopySend>(as type: Header.Type) -> Header? {
        guard core.responseLayout.hasUserHeader(type) else { return nil }
        return UnsafeRawPointer(chunk + core.responseLayout.userHeaderOffset).load(as: Header.self)
    }
}
