import CZeroCopyIPC
import Glibc
@_spi(Untyped) import ZeroCopyIPC

// Type details cross the C boundary as `zc_type_details` and become the runtime's `PayloadDescriptor`, which a
// service records and compares exactly as it does a Swift type's.

extension zc_type_details {
    /// The runtime's description of these details, refusing ones no C compiler could produce.
    func descriptor(_ argument: String, in function: String, isUserHeader: Bool = false)
        throws(Failure) -> PayloadDescriptor
    {
        guard let name = type_name else { throw .null("\(argument).type_name", in: function) }
        let variant: PayloadVariant
        switch self.variant {
        case ZC_PAYLOAD_FIXED: variant = .fixed
        case ZC_PAYLOAD_SLICE where !isUserHeader: variant = .slice
        case ZC_PAYLOAD_SLICE: variant = .fixed  // a user header is always one value
        default:
            throw Failure(
                ZC_ERROR_INVALID_ARGUMENT,
                "\(function): \(argument).variant is \(self.variant.rawValue); pass ZC_PAYLOAD_FIXED or ZC_PAYLOAD_SLICE")
        }
        guard size <= UInt64(Int.max), alignment <= UInt64(Int.max) else {
            throw Failure(ZC_ERROR_INVALID_ARGUMENT, "\(function): \(argument) has an impossible size or alignment")
        }
        let descriptor = PayloadDescriptor.runtime(
            typeName: String(cString: name), size: Int(size), alignment: Int(alignment), variant: variant,
            fingerprint: fingerprint)
        if let problem = descriptor.runtimeDetailsProblem {
            throw Failure(ZC_ERROR_INVALID_ARGUMENT, "\(function): \(argument): \(problem)")
        }
        return descriptor
    }
}

/// The primitives' type names, kept alive for the process (C holds `type_name` pointers to them).
nonisolated(unsafe) private let primitiveNames: [UnsafePointer<CChar>] = [String](
    ["bool", "u8", "u16", "u32", "u64", "i8", "i16", "i32", "i64", "f32", "f64"]
).map { UnsafePointer(strdup($0)!) }

private func primitiveDescriptor(_ primitive: zc_primitive) -> PayloadDescriptor? {
    switch primitive {
    case ZC_PRIMITIVE_BOOL: .of(Bool.self, variant: .fixed)
    case ZC_PRIMITIVE_U8: .of(UInt8.self, variant: .fixed)
    case ZC_PRIMITIVE_U16: .of(UInt16.self, variant: .fixed)
    case ZC_PRIMITIVE_U32: .of(UInt32.self, variant: .fixed)
    case ZC_PRIMITIVE_U64: .of(UInt64.self, variant: .fixed)
    case ZC_PRIMITIVE_I8: .of(Int8.self, variant: .fixed)
    case ZC_PRIMITIVE_I16: .of(Int16.self, variant: .fixed)
    case ZC_PRIMITIVE_I32: .of(Int32.self, variant: .fixed)
    case ZC_PRIMITIVE_I64: .of(Int64.self, variant: .fixed)
    case ZC_PRIMITIVE_F32: .of(Float.self, variant: .fixed)
    case ZC_PRIMITIVE_F64: .of(Double.self, variant: .fixed)
    default: nil
    }
}

@c public func zc_primitive_type_details(
    _ primitive: zc_primitive, _ variant: zc_payload_variant, _ out: UnsafeMutablePointer<zc_type_details>?
) -> zc_result {
    exported { () throws(Failure) in
        let function = "zc_primitive_type_details"
        let out = try require(out, "out", in: function)
        guard let descriptor = primitiveDescriptor(primitive) else {
            throw Failure(
                ZC_ERROR_INVALID_ARGUMENT,
                "\(function): primitive \(primitive.rawValue) is not a zc_primitive; pass ZC_PRIMITIVE_BOOL … ZC_PRIMITIVE_F64")
        }
        guard variant == ZC_PAYLOAD_FIXED || variant == ZC_PAYLOAD_SLICE else {
            throw Failure(
                ZC_ERROR_INVALID_ARGUMENT,
                "\(function): variant \(variant.rawValue) is not a zc_payload_variant; pass ZC_PAYLOAD_FIXED or ZC_PAYLOAD_SLICE")
        }
        out.pointee = zc_type_details(
            type_name: primitiveNames[Int(primitive.rawValue)], size: UInt64(descriptor.size),
            alignment: UInt64(descriptor.alignment), variant: variant, fingerprint: descriptor.fingerprint)
    }
}
