import IPCCodeGen
import IPCDefinition

/// Decides whether a header member's C type has the same type class as a definition field's type:
/// the same integer width and signedness, float or double, array length, struct, or the exact layout of the
/// `string<N>` / `vec<T, N>` structs.
struct TypeClassComparison {
    let header: CHeader
    let comparator: LayoutComparator

    /// A description of the difference, or `nil` when the types agree.
    func difference(definition: FieldType, header cType: CType) -> String? {
        switch (definition, cType) {
        case (.primitive(.bool), .bool):
            return nil
        case (.primitive(let primitive), .integer(let size, let signed)) where primitive.isInteger:
            return size == primitive.size && signed == primitive.isSigned ? nil : typeText(definition, cType)
        case (.primitive(let primitive), .enumeration(_, .integer(let size, let signed))) where primitive.isInteger:
            return size == primitive.size && signed == primitive.isSigned ? nil : typeText(definition, cType)
        case (.primitive(.f32), .floating(4)), (.primitive(.f64), .floating(8)):
            return nil
        case (.enumeration(let id), _):
            let underlying = comparator.definitions.enumerations[id]!.underlying
            return difference(definition: .primitive(underlying), header: cType).map { _ in
                "type \(underlying) (enum \(id.qualifiedName)) in definition, \(cType) in header"
            }
        case (.array(let element, let count), .array(let cElement, let cCount)):
            if count != cCount { return "array length \(cCount) in header, \(count) in definition" }
            return difference(definition: element, header: cElement).map { "array element: \($0)" }
        case (.structure(let id), .structure(let name)):
            let expected = comparator.cName(of: id)
            let sameStruct = name == expected || header.structure(named: expected)?.name == name
            return sameStruct ? nil : "type struct \(name) in header, \(id.qualifiedName) (struct \(expected)) in definition"
        case (.union(let id), .structure(let name)):
            let expected = comparator.cName(of: id)
            let sameStruct = name == expected || header.structure(named: expected)?.name == name
            return sameStruct ? nil : "type struct \(name) in header, \(id.qualifiedName) (union \(expected)) in definition"
        case (.optional(let wrapped), .structure(let name)):
            let layout = LayoutRules.optionalLayout(wrapped: comparator.definitions.layout(of: wrapped))
            return helperDifference(
                definition, named: name, expected: layout, elements: [.primitive(.u8), wrapped])
        case (.string(let capacity), .structure(let name)):
            return helperDifference(
                definition, named: name, expected: LayoutRules.stringLayout(capacity: capacity),
                elements: [.array(element: .primitive(.u8), count: capacity), .primitive(.u8), .primitive(.u64)])
        case (.vector(let element, let capacity), .structure(let name)):
            let layout = LayoutRules.vectorLayout(
                element: comparator.definitions.layout(of: element), capacity: capacity)
            return helperDifference(
                definition, named: name, expected: layout,
                elements: [.array(element: element, count: capacity), .primitive(.u64)])
        default:
            return typeText(definition, cType)
        }
    }

    private func typeText(_ definition: FieldType, _ cType: CType) -> String {
        "type \(cType) in header, \(definition) in definition"
    }

    /// Compares the struct standing for `string<N>` or `vec<T, N>` member by member.
    private func helperDifference(
        _ definition: FieldType, named name: String, expected: StructLayout, elements: [FieldType]
    ) -> String? {
        guard let cStruct = header.structure(named: name) else { return "struct \(name) not found in header" }
        let members = cStruct.fields.filter { !CNames.isPadding($0.name) }
        let prefix = "struct \(name) in header is not laid out as \(definition)"
        guard members.count == expected.fields.count, cStruct.size == expected.size else {
            return "\(prefix) (size \(cStruct.size), \(members.count) members; expected \(expected.size), "
                + "\(expected.fields.count): \(expected.fields.map(\.name).joined(separator: ", ")))"
        }
        for (index, member) in members.enumerated() {
            let wanted = expected.fields[index]
            if member.name != wanted.name || member.offset != wanted.offset {
                return "\(prefix) (member \(member.name) at offset \(member.offset); expected \(wanted.name) at "
                    + "\(wanted.offset))"
            }
            if let problem = difference(definition: elements[index], header: member.type) {
                return "\(prefix) (member \(member.name): \(problem))"
            }
        }
        return nil
    }
}
