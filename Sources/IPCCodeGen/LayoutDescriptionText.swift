import IPCDefinition

/// Writes the runtime's layout description text (`zcl1|…`, see `docs/layout-description.md`) for a type: the type,
/// then every struct, enum, flags and union type it reaches, each once, in the order first reached.
///
/// The runtime records this text in a service's static config; `zcipc` decodes payloads with it and `open` names
/// the first differing field with it. The format is the runtime's `LayoutDescription.text`, byte for byte.
public struct LayoutDescriptionText {
    let definitions: DefinitionSet
    private var declared: Set<TypeID> = []
    private var items: [String] = []

    /// The text describing `type`.
    /// - Parameters:
    ///   - type: The root type (a struct, enum, union or any other field type).
    ///   - definitions: The checked definitions that name every type it reaches.
    /// - Returns: The description text.
    public static func text(for type: FieldType, in definitions: DefinitionSet) -> String {
        var writer = LayoutDescriptionText(definitions: definitions)
        let root = writer.reference(type)
        return (["zcl1", root] + writer.items).joined(separator: "|")
    }

    private init(definitions: DefinitionSet) { self.definitions = definitions }

    /// The type as a field of the text names it, declaring the named types it reaches.
    private mutating func reference(_ type: FieldType) -> String {
        switch type {
        case .primitive(let primitive): return primitive.rawValue
        case .array(let element, let count): return "[\(reference(element));\(count)]"
        case .string(let capacity): return "string<\(capacity)>"
        case .vector(let element, let capacity): return "vec<\(reference(element)),\(capacity)>"
        case .optional(let wrapped): return "optional<\(reference(wrapped))>"
        case .structure(let id):
            let structure = definitions.structures[id]!
            declare(id) { writer in
                let fields = zip(structure.fields, structure.layout.fields).map { field, layout in
                    "\(field.name)@\(layout.offset)+\(layout.size):\(writer.reference(field.type))"
                }
                return "struct \(structure.typeName) \(structure.layout.size) \(structure.layout.alignment) "
                    + "{\(fields.joined(separator: ";"))}"
            }
            return structure.typeName
        case .enumeration(let id):
            let enumeration = definitions.enumerations[id]!
            declare(id) { _ in
                let cases = enumeration.cases.map { "\($0.name):\($0.value)" }.joined(separator: ",")
                return "\(enumeration.isFlags ? "flags" : "enum") \(enumeration.typeName) "
                    + "\(enumeration.underlying.rawValue) {\(cases)}"
            }
            return enumeration.typeName
        case .union(let id):
            let union = definitions.unions[id]!
            declare(id) { writer in
                let cases = union.cases.map { item in
                    "\(item.name):\(item.tag)" + (item.type.map { ":" + writer.reference($0) } ?? "")
                }
                return "union \(union.typeName) \(union.layout.size) \(union.layout.alignment) "
                    + "\(union.tag.rawValue) \(union.value.offset) {\(cases.joined(separator: ";"))}"
            }
            return union.typeName
        }
    }

    /// Appends a declaration once; its slot is reserved first so that the root's own declaration comes first.
    private mutating func declare(_ id: TypeID, _ body: (inout LayoutDescriptionText) -> String) {
        guard declared.insert(id).inserted else { return }
        let slot = items.count
        items.append("")
        items[slot] = body(&self)
    }
}
