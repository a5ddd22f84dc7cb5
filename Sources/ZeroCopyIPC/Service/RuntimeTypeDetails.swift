// Services whose payload types are known only at run time: the C API (and through it C, C++ and Python) names the
// payload by the details a generated header defines (type name, size, alignment, variant, fingerprint) instead of
// a Swift type. The builders record exactly these details in the static config and compare them exactly as they
// compare a Swift type's, so a C process and a Swift process agree or are refused with the same typed error.

extension PayloadDescriptor {
    /// Creates a payload description from details given at run time.
    /// - Parameters:
    ///   - typeName: The cross-language type name (`<Type>_TYPE_NAME` in a generated header).
    ///   - size: The element's size in bytes (`sizeof`).
    ///   - alignment: The element's alignment (`alignof`).
    ///   - variant: One value or a slice of values.
    ///   - fingerprint: The layout fingerprint (`<Type>_FINGERPRINT`).
    /// - Returns: The description.
    package static func runtime(
        typeName: String, size: Int, alignment: Int, variant: PayloadVariant, fingerprint: UInt64
    ) -> PayloadDescriptor {
        PayloadDescriptor(
            typeName: typeName, size: size, alignment: alignment, variant: variant, fingerprint: fingerprint)
    }

    /// The description of a ``ZeroCopySend`` type, for example a primitive a C caller names by its kind.
    /// - Parameters:
    ///   - type: The element type.
    ///   - variant: One value or a slice of values.
    /// - Returns: The description.
    package static func of<T: ZeroCopySend>(_ type: T.Type, variant: PayloadVariant) -> PayloadDescriptor {
        let layout = T.zeroCopyLayout
        return PayloadDescriptor(
            typeName: layout.typeName, size: layout.size, alignment: layout.alignment, variant: variant,
            fingerprint: layout.fingerprint)
    }

    /// This description with its alignment raised to at least `alignment` (the builders' `…PayloadAlignment(_:)`).
    func aligned(to alignment: Int?) -> PayloadDescriptor {
        var copy = self
        copy.alignment = max(copy.alignment, alignment ?? 1)
        return copy
    }

    /// What makes these details unusable in shared memory, in words; `nil` when they are usable.
    package var runtimeDetailsProblem: String? {
        if typeName.isEmpty { return "the type name is empty; pass <Type>_TYPE_NAME from the generated header" }
        if size <= 0 { return "the size of '\(typeName)' is \(size); pass sizeof(<Type>), which is at least 1" }
        guard alignment > 0, alignment & (alignment - 1) == 0, alignment <= PayloadDescriptor.maxAlignment else {
            return "the alignment \(alignment) of '\(typeName)' is not a power of two up to "
                + "\(PayloadDescriptor.maxAlignment); pass alignof(<Type>)"
        }
        if size % alignment != 0 {
            return "the size \(size) of '\(typeName)' is not a multiple of its alignment \(alignment), as C's "
                + "sizeof always is; pass sizeof(<Type>) and alignof(<Type>)"
        }
        return nil
    }
}

extension RequestResponseBuilder {
    /// Uses payload details given at run time instead of the `Request` and `Response` types' own.
    /// - Parameters:
    ///   - request: The request payload.
    ///   - response: The response payload.
    /// - Returns: The builder.
    package func runtimePayloads(request: PayloadDescriptor, response: PayloadDescriptor) -> Self {
        with {
            $0.runtimeRequest = request
            $0.runtimeResponse = response
        }
    }

    /// Gives requests and responses user headers described at run time (`nil`: none).
    /// - Parameters:
    ///   - request: The request user header.
    ///   - response: The response user header.
    /// - Returns: The builder.
    package func runtimeUserHeaders(request: PayloadDescriptor?, response: PayloadDescriptor?) -> Self {
        with {
            $0.requestHeader = request
            $0.responseHeader = response
        }
    }
}

extension PublishSubscribeBuilder {
    /// Uses payload details given at run time instead of the `Payload` type's own.
    /// - Parameter payload: The sample payload.
    /// - Returns: The builder.
    package func runtimePayload(_ payload: PayloadDescriptor) -> Self { with { $0.runtimePayload = payload } }

    /// Gives samples a user header described at run time (`nil`: none).
    /// - Parameter header: The user header.
    /// - Returns: The builder.
    package func runtimeUserHeader(_ header: PayloadDescriptor?) -> Self { with { $0.userHeader = header } }
}
