import IPCDefinition

/// The fill rule both languages implement: every scalar's value derives from its byte offset in the top-level
/// value, so that a C writer and a Swift writer produce the same bytes exactly when they agree on the layout.
///
/// - integers: the low bytes of `pattern(o) = o * 0x9E3779B97F4A7C15 + 0x0123456789ABCDEF` (wrapping);
/// - `bool`: bit 63 of `pattern(o)`; `f32`: `Float(o % 4096) + 0.5`; `f64`: `Double(o) * 0.25 + 1`;
/// - enums: case `o % caseCount`; `string<N>`: `min(N, 1 + o % 5)` letters `'a' + (o + i) % 26`;
/// - `vec<T, N>`: `min(N, 1 + o % 3)` elements, each filled at its own offset; padding and unused bytes stay zero;
/// - `optional<T>`: present when `o` is even (`has_value` 1, the value filled at its own offset), else all zero;
/// - unions: case `o % caseCount` (its tag, and its payload filled at the payload's offset), other bytes zero.
///
/// ``LayoutFiller`` applies it in Swift through the layout engine's offsets; `CFillProgram` renders the same rule
/// as C member assignments (`v->field[i] = …`) compiled against the generated headers.
enum FillRule {
    static func pattern(_ offset: Int) -> UInt64 {
        UInt64(offset) &* 0x9E37_79B9_7F4A_7C15 &+ 0x0123_4567_89AB_CDEF
    }

    static func stringLength(capacity: Int, at offset: Int) -> Int { min(capacity, 1 + offset % 5) }

    static func vectorLength(capacity: Int, at offset: Int) -> Int { min(capacity, 1 + offset % 3) }
}

/// Writes the fill rule's bytes for a type, using only the layout engine's offsets (no compiler involved).
struct LayoutFiller {
    let definitions: DefinitionSet

    /// The bytes of a filled value of the struct `id` (`size` bytes, padding zero).
    func bytes(of id: TypeID) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: definitions.structures[id]!.layout.size)
        fill(.structure(id), at: 0, into: &buffer)
        return buffer
    }

    func fill(_ type: FieldType, at offset: Int, into buffer: inout [UInt8]) {
        switch type {
        case .primitive(let primitive):
            switch primitive {
            case .bool: buffer[offset] = UInt8(FillRule.pattern(offset) >> 63)
            case .f32: store(UInt64((Float(offset % 4096) + 0.5).bitPattern), size: 4, at: offset, into: &buffer)
            case .f64: store((Double(offset) * 0.25 + 1).bitPattern, size: 8, at: offset, into: &buffer)
            default: store(FillRule.pattern(offset), size: primitive.size, at: offset, into: &buffer)
            }
        case .enumeration(let id):
            let enumeration = definitions.enumerations[id]!
            let value = enumeration.cases[offset % enumeration.cases.count].value
            store(UInt64(truncatingIfNeeded: value), size: enumeration.underlying.size, at: offset, into: &buffer)
        case .structure(let id):
            let structure = definitions.structures[id]!
            for (field, layout) in zip(structure.fields, structure.layout.fields) {
                fill(field.type, at: offset + layout.offset, into: &buffer)
            }
        case .array(let element, let count):
            let stride = definitions.layout(of: element).size
            for index in 0..<count { fill(element, at: offset + index * stride, into: &buffer) }
        case .string(let capacity):
            let length = FillRule.stringLength(capacity: capacity, at: offset)
            for index in 0..<length { buffer[offset + index] = UInt8(97 + (offset + index) % 26) }
            let lenOffset = LayoutRules.stringLayout(capacity: capacity).fields[2].offset
            store(UInt64(length), size: 8, at: offset + lenOffset, into: &buffer)
        case .vector(let element, let capacity):
            let elementLayout = definitions.layout(of: element)
            let length = FillRule.vectorLength(capacity: capacity, at: offset)
            for index in 0..<length { fill(element, at: offset + index * elementLayout.size, into: &buffer) }
            let lenOffset = LayoutRules.vectorLayout(element: elementLayout, capacity: capacity).fields[1].offset
            store(UInt64(length), size: 8, at: offset + lenOffset, into: &buffer)
        case .optional(let wrapped):
            guard offset % 2 == 0 else { return }
            buffer[offset] = 1
            let valueOffset = LayoutRules.optionalLayout(wrapped: definitions.layout(of: wrapped)).fields[1].offset
            fill(wrapped, at: offset + valueOffset, into: &buffer)
        case .union(let id):
            let union = definitions.unions[id]!
            let chosen = union.cases[offset % union.cases.count]
            store(UInt64(chosen.tag), size: union.tag.size, at: offset, into: &buffer)
            if let type = chosen.type { fill(type, at: offset + union.value.offset, into: &buffer) }
        }
    }

    /// `true` for every byte of the struct `id` that is padding (its own, its fields', and inside `string<N>` and
    /// `vec<T, N>`): bytes whose content no language defines.
    func paddingMask(of id: TypeID) -> [Bool] {
        var mask = [Bool](repeating: false, count: definitions.structures[id]!.layout.size)
        markPadding(.structure(id), at: 0, into: &mask)
        return mask
    }

    private func markPadding(_ type: FieldType, at offset: Int, into mask: inout [Bool]) {
        func mark(_ runs: [PaddingLayout]) {
            for run in runs { for index in run.offset..<(run.offset + run.size) { mask[offset + index] = true } }
        }
        switch type {
        case .primitive, .enumeration:
            break
        case .optional(let wrapped):
            let layout = LayoutRules.optionalLayout(wrapped: definitions.layout(of: wrapped))
            mark(layout.padding)
            markPadding(wrapped, at: offset + layout.fields[1].offset, into: &mask)
        case .union(let id):
            let union = definitions.unions[id]!
            mark(union.layout.padding)
            let chosen = union.cases[offset % union.cases.count]
            let used = chosen.type.map { definitions.layout(of: $0).size } ?? 0
            for index in used..<union.value.size { mask[offset + union.value.offset + index] = true }
            if let type = chosen.type { markPadding(type, at: offset + union.value.offset, into: &mask) }
        case .structure(let id):
            let structure = definitions.structures[id]!
            mark(structure.layout.padding)
            for (field, layout) in zip(structure.fields, structure.layout.fields) {
                markPadding(field.type, at: offset + layout.offset, into: &mask)
            }
        case .array(let element, let count):
            let stride = definitions.layout(of: element).size
            for index in 0..<count { markPadding(element, at: offset + index * stride, into: &mask) }
        case .string(let capacity):
            mark(LayoutRules.stringLayout(capacity: capacity).padding)
        case .vector(let element, let capacity):
            let elementLayout = definitions.layout(of: element)
            mark(LayoutRules.vectorLayout(element: elementLayout, capacity: capacity).padding)
            for index in 0..<capacity { markPadding(element, at: offset + index * elementLayout.size, into: &mask) }
        }
    }

    private func store(_ value: UInt64, size: Int, at offset: Int, into buffer: inout [UInt8]) {
        for index in 0..<size { buffer[offset + index] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(index))) }
    }
}

/// Where each struct's record sits in the file both programs exchange: records in order, each at a multiple of
/// 4096 so that a reader can use them in place through `mmap`.
struct RecordFile {
    static let recordAlignment = 4096

    let types: [StructDefinition]

    /// Every struct of every loaded file, in load order.
    init(definitions: DefinitionSet) {
        types = definitions.files.flatMap(\.structures)
    }

    /// Record offsets and the file size.
    var offsets: (offsets: [Int], size: Int) {
        var offsets: [Int] = []
        var at = 0
        for type in types {
            offsets.append(at)
            at = LayoutRules.alignUp(at + type.layout.size, to: Self.recordAlignment)!
        }
        return (offsets, at)
    }
}
