/// Computes C layouts (size, alignment, every field's offset, padding, fingerprint) for checked structs.
///
/// The rules are the ones every C compiler on Linux applies: each field at the next multiple of its alignment,
/// a struct's alignment is its largest field's (or `@align(N)` when that is larger), and its size is rounded up
/// to a multiple of its alignment (tail padding). `string<N>` and `vec<T, N>` are laid out as the structs that
/// ``LayoutRules`` describes.
struct LayoutEngine {
    /// The largest type size accepted: 2 GiB - 1, so that every offset fits in 32 bits on every side.
    static let maximumSize = Int(Int32.max)

    struct PendingStruct {
        var id: TypeID
        var typeName: String
        var alignAttribute: Int?
        /// For a struct its fields; for a union one field per case with a payload.
        var fields: [FieldDefinition]
        var cName: String? = nil
        /// For a union: every case (with its tag); `nil` for a struct.
        var unionCases: [UnionCase]? = nil
        /// For a union: the tag's type.
        var unionTag: Primitive = .u8
    }

    private let pending: [TypeID: PendingStruct]
    private let enumerations: [TypeID: EnumDefinition]
    private(set) var layouts: [TypeID: StructLayout] = [:]
    /// Structs whose layout failed (overflow), so that containing structs do not report the same problem again.
    private var failed: Set<TypeID> = []

    init(structs: [TypeID: PendingStruct], enumerations: [TypeID: EnumDefinition]) {
        self.pending = structs
        self.enumerations = enumerations
    }

    /// Lays out every struct (structs in recursive cycles must have been removed before).
    mutating func layOutAll(diagnostics: inout [Diagnostic]) {
        for id in pending.keys.sorted() { _ = layout(of: id, diagnostics: &diagnostics) }
    }

    private mutating func layout(of id: TypeID, diagnostics: inout [Diagnostic]) -> StructLayout? {
        if let done = layouts[id] { return done }
        if failed.contains(id) { return nil }
        guard let definition = pending[id] else { return nil }
        if definition.unionCases != nil { return unionLayout(of: definition, diagnostics: &diagnostics) }
        var fields: [FieldLayout] = []
        var padding: [PaddingLayout] = []
        var offset = 0
        var naturalAlignment = 1
        var fingerprint = Fingerprint()
        fingerprint.combine("struct")
        fingerprint.combine(definition.typeName)
        for field in definition.fields {
            guard let info = typeLayout(of: field.type, at: field.location, diagnostics: &diagnostics) else {
                failed.insert(id)
                return nil
            }
            let start = LayoutRules.alignUp(offset, to: info.alignment)!
            if start > offset { padding.append(PaddingLayout(offset: offset, size: start - offset)) }
            guard start <= Self.maximumSize - info.size else {
                diagnostics.append(.error(
                    "field '\(field.name)' makes '\(id.qualifiedName)' larger than the maximum type size of "
                        + "\(Self.maximumSize) bytes", at: field.location))
                failed.insert(id)
                return nil
            }
            fields.append(FieldLayout(name: field.name, offset: start, size: info.size, alignment: info.alignment))
            fingerprint.combine(field.name)
            fingerprint.combine(start)
            fingerprint.combine(info.size)
            fingerprint.combine(descriptor(of: field.type))
            offset = start + info.size
            naturalAlignment = max(naturalAlignment, info.alignment)
        }
        let alignment = max(naturalAlignment, definition.alignAttribute ?? 1)
        guard let size = LayoutRules.alignUp(offset, to: alignment), size <= Self.maximumSize else {
            diagnostics.append(.error(
                "'\(id.qualifiedName)' is larger than the maximum type size of \(Self.maximumSize) bytes",
                at: definition.fields.last?.location ?? SourceLocation(file: "", line: 0, column: 0)))
            failed.insert(id)
            return nil
        }
        if size > offset { padding.append(PaddingLayout(offset: offset, size: size - offset)) }
        fingerprint.combine(size)
        fingerprint.combine(alignment)
        let result = StructLayout(
            size: size, alignment: alignment, naturalAlignment: naturalAlignment, fields: fields, padding: padding,
            fingerprint: fingerprint.value)
        layouts[id] = result
        return result
    }

    /// A union as C lays out `struct { tag_type tag; union { … } value; }`: the tag at 0, the payloads overlaid
    /// at the next multiple of the largest payload alignment, the whole padded to its alignment.
    private mutating func unionLayout(of definition: PendingStruct, diagnostics: inout [Diagnostic]) -> StructLayout? {
        let id = definition.id
        var payloadSize = 0
        var payloadAlignment = 1
        var fingerprint = Fingerprint()
        fingerprint.combine("union")
        fingerprint.combine(definition.typeName)
        fingerprint.combine(definition.unionTag.rawValue)
        var payloads = definition.fields.makeIterator()
        for item in definition.unionCases! {
            fingerprint.combine(item.name)
            fingerprint.combine(String(item.tag))
            guard item.type != nil, let field = payloads.next() else { continue }
            guard let info = typeLayout(of: field.type, at: field.location, diagnostics: &diagnostics) else {
                failed.insert(id)
                return nil
            }
            payloadSize = max(payloadSize, info.size)
            payloadAlignment = max(payloadAlignment, info.alignment)
            fingerprint.combine(descriptor(of: field.type))
        }
        let tag = definition.unionTag
        let valueOffset = LayoutRules.alignUp(tag.size, to: payloadAlignment)!
        let alignment = max(tag.alignment, payloadAlignment)
        payloadSize = LayoutRules.alignUp(payloadSize, to: payloadAlignment)!
        guard payloadSize <= Self.maximumSize - valueOffset - alignment else {
            diagnostics.append(.error(
                "'\(id.qualifiedName)' is larger than the maximum type size of \(Self.maximumSize) bytes",
                at: definition.fields.last?.location ?? SourceLocation(file: "", line: 1, column: 1)))
            failed.insert(id)
            return nil
        }
        let size = LayoutRules.alignUp(valueOffset + payloadSize, to: alignment)!
        var padding: [PaddingLayout] = []
        if valueOffset > tag.size { padding.append(PaddingLayout(offset: tag.size, size: valueOffset - tag.size)) }
        if size > valueOffset + payloadSize {
            padding.append(PaddingLayout(offset: valueOffset + payloadSize, size: size - valueOffset - payloadSize))
        }
        fingerprint.combine(size)
        fingerprint.combine(alignment)
        let result = StructLayout(
            size: size, alignment: alignment, naturalAlignment: alignment,
            fields: [
                FieldLayout(name: "tag", offset: 0, size: tag.size, alignment: tag.alignment),
                FieldLayout(name: "value", offset: valueOffset, size: payloadSize, alignment: payloadAlignment),
            ],
            padding: padding, fingerprint: fingerprint.value)
        layouts[id] = result
        return result
    }

    private mutating func typeLayout(of type: FieldType, at location: SourceLocation, diagnostics: inout [Diagnostic])
        -> TypeLayoutInfo?
    {
        switch type {
        case .primitive(let primitive):
            return TypeLayoutInfo(size: primitive.size, alignment: primitive.alignment)
        case .enumeration(let id):
            // An enum that failed its own checks was reported there; the struct using it just cannot be laid out.
            guard let underlying = enumerations[id]?.underlying else { return nil }
            return TypeLayoutInfo(size: underlying.size, alignment: underlying.alignment)
        case .structure(let id), .union(let id):
            return layout(of: id, diagnostics: &diagnostics)?.info
        case .optional(let wrapped):
            guard let wrapped = typeLayout(of: wrapped, at: location, diagnostics: &diagnostics) else { return nil }
            guard wrapped.size <= Self.maximumSize - wrapped.alignment else {
                diagnostics.append(.error(
                    "'\(type)' is larger than the maximum type size of \(Self.maximumSize) bytes", at: location))
                return nil
            }
            return LayoutRules.optionalLayout(wrapped: wrapped).info
        case .array(let element, let count):
            guard let element = typeLayout(of: element, at: location, diagnostics: &diagnostics) else { return nil }
            let (size, overflow) = element.size.multipliedReportingOverflow(by: count)
            guard !overflow, size <= Self.maximumSize else {
                diagnostics.append(.error(
                    "array '\(type)' is larger than the maximum type size of \(Self.maximumSize) bytes", at: location))
                return nil
            }
            return TypeLayoutInfo(size: size, alignment: element.alignment)
        case .string(let capacity):
            guard capacity <= Self.maximumSize - 16 else {
                diagnostics.append(.error(
                    "'\(type)' is larger than the maximum type size of \(Self.maximumSize) bytes", at: location))
                return nil
            }
            return LayoutRules.stringLayout(capacity: capacity).info
        case .vector(let element, let capacity):
            guard let element = typeLayout(of: element, at: location, diagnostics: &diagnostics) else { return nil }
            let (size, overflow) = element.size.multipliedReportingOverflow(by: capacity)
            guard !overflow, size <= Self.maximumSize - 16 - element.alignment else {
                diagnostics.append(.error(
                    "'\(type)' is larger than the maximum type size of \(Self.maximumSize) bytes", at: location))
                return nil
            }
            return LayoutRules.vectorLayout(element: element, capacity: capacity).info
        }
    }

    /// The canonical text of a field type inside a fingerprint; user types contribute their own fingerprint.
    private func descriptor(of type: FieldType) -> String {
        switch type {
        case .primitive(let primitive): primitive.rawValue
        case .array(let element, let count): "[\(descriptor(of: element));\(count)]"
        case .string(let capacity): "string<\(capacity)>"
        case .vector(let element, let capacity): "vec<\(descriptor(of: element)),\(capacity)>"
        case .structure(let id):
            "struct:\(pending[id]!.typeName):\(String(layouts[id]?.fingerprint ?? 0, radix: 16))"
        case .enumeration(let id):
            "enum:\(enumerations[id]!.typeName):\(String(enumerations[id]!.fingerprint, radix: 16))"
        case .union(let id):
            "union:\(pending[id]!.typeName):\(String(layouts[id]?.fingerprint ?? 0, radix: 16))"
        case .optional(let wrapped): "optional<\(descriptor(of: wrapped))>"
        }
    }
}
