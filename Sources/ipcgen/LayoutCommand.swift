import ArgumentParser
import IPCGenCommands
import IPCDefinition
import Foundation

/// `ipcgen layout <files…> [--json]`: every type's size, alignment and field offsets.
struct LayoutCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "layout",
        abstract: "Print every type's size, alignment and field offsets.")

    @OptionGroup var definitions: DefinitionOptions

    @Flag(help: "Print JSON instead of text.")
    var json = false

    func run() throws {
        let model = try definitions.load()
        let report = LayoutReport(model)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(report.text, terminator: "")
        }
    }
}

/// The layout of every type in the files asked for, in declaration order.
struct LayoutReport: Encodable {
    struct Field: Encodable {
        var name: String
        var type: String
        var offset: Int
        var size: Int
        var alignment: Int
    }

    struct TypeEntry: Encodable {
        var name: String
        var typeName: String
        var kind: String
        var size: Int
        var alignment: Int
        var fingerprint: String
        var fields: [Field]
        var padding: [[Int]]
    }

    var types: [TypeEntry]

    init(_ model: DefinitionSet) {
        types = model.rootFiles.flatMap { file in
            file.declarations.compactMap { declaration -> TypeEntry? in
                switch declaration {
                case .structure(let value):
                    let fields = zip(value.fields, value.layout.fields).map { field, layout in
                        Field(name: field.name, type: field.type.description, offset: layout.offset,
                              size: layout.size, alignment: layout.alignment)
                    }
                    return TypeEntry(
                        name: value.id.qualifiedName, typeName: value.typeName, kind: "struct",
                        size: value.layout.size, alignment: value.layout.alignment,
                        fingerprint: Fingerprint.hexString(value.layout.fingerprint), fields: fields,
                        padding: value.layout.padding.map { [$0.offset, $0.size] })
                case .enumeration(let value):
                    return TypeEntry(
                        name: value.id.qualifiedName, typeName: value.typeName, kind: value.isFlags ? "flags" : "enum",
                        size: value.underlying.size, alignment: value.underlying.alignment,
                        fingerprint: Fingerprint.hexString(value.fingerprint), fields: [], padding: [])
                case .union(let value):
                    let fields = value.layout.fields.map {
                        Field(name: $0.name, type: $0.name == "tag" ? value.tag.rawValue : "union", offset: $0.offset,
                              size: $0.size, alignment: $0.alignment)
                    }
                    return TypeEntry(
                        name: value.id.qualifiedName, typeName: value.typeName, kind: "union",
                        size: value.layout.size, alignment: value.layout.alignment,
                        fingerprint: Fingerprint.hexString(value.layout.fingerprint), fields: fields,
                        padding: value.layout.padding.map { [$0.offset, $0.size] })
                case .service, .constant, .alias:
                    return nil
                }
            }
        }
    }

    var text: String {
        var out = ""
        for entry in types {
            out += "\(entry.kind) \(entry.name): size \(entry.size), alignment \(entry.alignment), "
                + "fingerprint \(entry.fingerprint)\n"
            for field in entry.fields {
                out += "  \(field.name): \(field.type) at offset \(field.offset), size \(field.size), "
                    + "alignment \(field.alignment)\n"
            }
            for run in entry.padding {
                out += "  (padding at offset \(run[0]), size \(run[1]))\n"
            }
        }
        return out
    }
}
