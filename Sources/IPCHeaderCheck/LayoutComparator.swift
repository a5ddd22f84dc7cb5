import IPCCodeGen
import IPCDefinition

/// Compares the structs and enums of definition files with the C types of a header.
///
/// Each struct is found by its C name (`a_b_Type`, or its `@c_name`, see `CNames`) or by a name given in
/// ``mapping``. Size, alignment, field order, and each field's offset, size and type class are compared; explicit
/// `_paddingN` members must lie in the definition's padding. Enums are compared where the header declares them (an integer typedef or
/// a C enum of that name, and constants named `<Type>_<case>`).
public struct LayoutComparator: Sendable {
    /// The loaded definitions.
    public var definitions: DefinitionSet
    /// The parsed header.
    public var header: CHeader
    /// C names for definitions whose header name is not the default, keyed by qualified name (`a.b.Type`) or
    /// by the default C name.
    public var mapping: [String: String]

    /// Creates a comparator.
    /// - Parameters:
    ///   - definitions: The loaded definitions.
    ///   - header: The parsed header.
    ///   - mapping: Header names by qualified definition name, for hand-written headers.
    public init(definitions: DefinitionSet, header: CHeader, mapping: [String: String] = [:]) {
        self.definitions = definitions
        self.header = header
        self.mapping = mapping
    }

    /// Compares every struct and enum declared in the root files.
    /// - Returns: The report: the types checked and every mismatch.
    public func compare() -> HeaderCheckReport {
        var checked: [String] = []
        var mismatches: [LayoutMismatch] = []
        for file in definitions.rootFiles {
            for declaration in file.declarations {
                switch declaration {
                case .structure(let structure):
                    checked.append(structure.id.qualifiedName)
                    mismatches += compare(structure)
                case .enumeration(let enumeration):
                    checked.append(enumeration.id.qualifiedName)
                    mismatches += compare(enumeration)
                case .union(let union):
                    checked.append(union.id.qualifiedName)
                    mismatches += compare(union)
                case .service, .constant, .alias:
                    break
                }
            }
        }
        return HeaderCheckReport(checkedTypes: checked, mismatches: mismatches)
    }

    /// The header name expected for a definition.
    func cName(of id: TypeID) -> String {
        mapping[id.qualifiedName] ?? mapping[id.flatName] ?? CNames.type(id, in: definitions)
    }

    // MARK: Structs

    private func compare(_ structure: StructDefinition) -> [LayoutMismatch] {
        let typeName = structure.id.qualifiedName
        let name = cName(of: structure.id)
        func mismatch(_ field: String?, _ message: String) -> LayoutMismatch {
            LayoutMismatch(typeName: typeName, field: field, message: message)
        }
        guard let cStruct = header.structure(named: name) else {
            return [mismatch(nil, "no struct '\(name)' in header (name it with --map \(typeName)=<C name>)")]
        }
        var result: [LayoutMismatch] = []
        let layout = structure.layout
        if cStruct.isUnion { result.append(mismatch(nil, "'\(name)' is a union in header, a struct in definition")) }
        if cStruct.size != layout.size {
            result.append(mismatch(nil, "size \(cStruct.size) in header, \(layout.size) in definition"))
        }
        if cStruct.alignment != layout.alignment {
            result.append(mismatch(nil, "alignment \(cStruct.alignment) in header, \(layout.alignment) in definition"))
        }
        let cFields = cStruct.fields.filter { !CNames.isPadding($0.name) }
        let definitionNames = structure.fields.map { CNames.identifier($0.name) }
        let order = FieldOrder(definitionNames: definitionNames, headerNames: cFields.map(\.name))
        for (index, field) in structure.fields.enumerated() {
            let label = field.name
            guard let cIndex = cFields.firstIndex(where: { $0.name == definitionNames[index] || $0.name == field.name })
            else {
                result.append(mismatch(label, "missing in header"))
                continue
            }
            let cField = cFields[cIndex]
            let fieldLayout = layout.fields[index]
            if let rank = order.moved[index] {
                result.append(mismatch(label, "field \(rank.header) in header, \(rank.definition) in definition (reordered)"))
            }
            if cField.offset != fieldLayout.offset {
                result.append(mismatch(label, "offset \(cField.offset) in header, \(fieldLayout.offset) in definition"))
            }
            if let bits = cField.bitWidth {
                result.append(mismatch(label, "a \(bits)-bit bitfield in header; definitions have no bitfields"))
            } else if let typeProblem = TypeClassComparison(header: header, comparator: self)
                .difference(definition: field.type, header: cField.type)
            {
                result.append(mismatch(label, typeProblem))
            } else if cField.size != fieldLayout.size {
                result.append(mismatch(label, "size \(cField.size) in header, \(fieldLayout.size) in definition"))
            }
        }
        for cField in cFields where !definitionNames.contains(cField.name) && !structure.fields.contains(where: {
            $0.name == cField.name
        }) {
            result.append(mismatch(cField.name, "in header (offset \(cField.offset)), not in definition"))
        }
        for pad in cStruct.fields where CNames.isPadding(pad.name) {
            let inside = layout.padding.contains { $0.offset <= pad.offset && pad.offset + pad.size <= $0.offset + $0.size }
            if !inside {
                result.append(mismatch(
                    pad.name, "padding at offset \(pad.offset), size \(pad.size) in header overlaps data in definition"))
            }
        }
        return result
    }

    // MARK: Unions

    /// A union is a struct of two members in C: `tag` and the anonymous union `value`.
    private func compare(_ union: UnionDefinition) -> [LayoutMismatch] {
        let typeName = union.id.qualifiedName
        let name = cName(of: union.id)
        func mismatch(_ field: String?, _ message: String) -> LayoutMismatch {
            LayoutMismatch(typeName: typeName, field: field, message: message)
        }
        guard let cStruct = header.structure(named: name) else {
            return [mismatch(nil, "no struct '\(name)' in header (name it with --map \(typeName)=<C name>)")]
        }
        var result: [LayoutMismatch] = []
        if cStruct.size != union.layout.size {
            result.append(mismatch(nil, "size \(cStruct.size) in header, \(union.layout.size) in definition"))
        }
        if cStruct.alignment != union.layout.alignment {
            result.append(mismatch(nil, "alignment \(cStruct.alignment) in header, \(union.layout.alignment) in definition"))
        }
        for expected in union.layout.fields {
            guard let cField = cStruct.fields.first(where: { $0.name == expected.name }) else {
                result.append(mismatch(expected.name, "missing in header"))
                continue
            }
            if cField.offset != expected.offset || cField.size != expected.size {
                result.append(mismatch(
                    expected.name, "offset \(cField.offset), size \(cField.size) in header; offset "
                        + "\(expected.offset), size \(expected.size) in definition"))
            }
        }
        return result
    }

    // MARK: Enums

    private func compare(_ enumeration: EnumDefinition) -> [LayoutMismatch] {
        let typeName = enumeration.id.qualifiedName
        let name = cName(of: enumeration.id)
        let expected = CType.integer(size: enumeration.underlying.size, signed: enumeration.underlying.isSigned)
        var result: [LayoutMismatch] = []
        let storage = header.typedef(named: name)?.type ?? header.enumeration(named: name)?.integer
        if let storage {
            let actual: CType = if case .enumeration(_, let integer) = storage { integer } else { storage }
            if actual != expected {
                result.append(LayoutMismatch(
                    typeName: typeName, message: "stored as \(actual) in header, \(expected) in definition"))
            }
        }
        // The constants of an enum with the type's name, and every constant (C enum or typed macro) named
        // `<Type>_<case>`, as generated headers and common hand-written ones declare them.
        let ownEnums = header.enums.filter { $0.name == name || $0.name == name + "_values" }
        let constants = ownEnums.flatMap(\.constants)
            + header.prefixedConstants(of: name).map { (name: "\(name)_\($0.name)", value: $0.value) }
        guard !constants.isEmpty else { return result }
        for enumCase in enumeration.cases {
            let constantName = "\(name)_\(enumCase.name)"
            guard let constant = constants.first(where: { $0.name == constantName || $0.name == enumCase.name }) else {
                result.append(LayoutMismatch(typeName: typeName, field: enumCase.name, message: "missing in header"))
                continue
            }
            if constant.value != enumCase.value {
                result.append(LayoutMismatch(
                    typeName: typeName, field: enumCase.name,
                    message: "value \(constant.value) in header, \(enumCase.value) in definition"))
            }
        }
        return result
    }
}

/// The fields whose position among the fields both sides declare differs, with 1-based ranks; fields that only
/// one side has do not count, so an extra or missing field is not reported as a reordering.
struct FieldOrder {
    /// Ranks by definition field index, for the fields that moved.
    var moved: [Int: (header: Int, definition: Int)] = [:]

    init(definitionNames: [String], headerNames: [String]) {
        let common = definitionNames.enumerated().filter { headerNames.contains($0.element) }
        let headerOrder = common.sorted { headerNames.firstIndex(of: $0.element)! < headerNames.firstIndex(of: $1.element)! }
        for (definitionRank, field) in common.enumerated() {
            let headerRank = headerOrder.firstIndex { $0.offset == field.offset }!
            if headerRank != definitionRank {
                moved[field.offset] = (header: headerRank + 1, definition: definitionRank + 1)
            }
        }
    }
}

extension Primitive {
    /// Whether the type is a signed integer.
    var isSigned: Bool { (integerRange?.lowerBound ?? 0) < 0 }
}
