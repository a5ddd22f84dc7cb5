import Foundation
import IPCDefinition
import IPCTestSupport
import Testing

/// The committed random layout corpus (`Tests/LayoutCorpus`) is exactly what the seeded generator produces, and
/// every file of it is a valid definition. `IPCGEN_BLESS=1` rewrites the committed files.
@Suite("Layout corpus")
struct CorpusTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("LayoutCorpus")

    @Test func committedCorpusMatchesTheGenerator() throws {
        let corpus = RandomDefinitionCorpus()
        var expected = Dictionary(uniqueKeysWithValues: corpus.files.map { ($0.name, $0.text) })
        expected["CorpusIndex.swift"] = corpus.indexSource
        if ProcessInfo.processInfo.environment["IPCGEN_BLESS"] == "1" {
            let stale = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path)
            for name in stale where expected[name] == nil {
                try FileManager.default.removeItem(at: Self.folder.appendingPathComponent(name))
            }
            for (name, text) in expected {
                try text.write(to: Self.folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
            }
        }
        let present = Set(try FileManager.default.contentsOfDirectory(atPath: Self.folder.path))
        #expect(present == Set(expected.keys), "run IPCGEN_BLESS=1 swift test --filter Corpus to regenerate")
        for (name, text) in expected.sorted(by: { $0.key < $1.key }) {
            let committed = try? String(contentsOf: Self.folder.appendingPathComponent(name), encoding: .utf8)
            #expect(committed == text, "\(name) differs from the generator's output")
        }
    }

    @Test func corpusHasAtLeast200ValidDefinitionsCoveringEveryFeature() throws {
        let corpus = RandomDefinitionCorpus()
        #expect(corpus.files.count >= 200)
        let paths = corpus.files.map { Self.folder.appendingPathComponent($0.name).path }
        let model = try DefinitionLoader().load(paths: paths)
        let types = model.structures.values
        #expect(types.count == corpus.files.reduce(0) { $0 + $1.structNames.count })
        func features(_ type: FieldType) -> [String] {
            switch type {
            case .primitive(let primitive): [primitive.rawValue]
            case .array(let element, _): ["array"] + features(element)
            case .string: ["string"]
            case .vector(let element, _): ["vec"] + features(element)
            case .structure: ["struct"]
            case .enumeration(let id): [model.enumerations[id]!.isFlags ? "flags" : "enum"]
            case .union(let id): ["union"] + model.unions[id]!.cases.compactMap(\.type).flatMap(features)
            case .optional(let wrapped): ["optional"] + features(wrapped)
            }
        }
        let seen = Set(types.flatMap { $0.fields.flatMap { features($0.type) } })
        let wanted = Set(Primitive.allCases.map(\.rawValue) + [
            "array", "string", "vec", "struct", "enum", "flags", "union", "optional",
        ])
        #expect(types.contains { $0.fields.contains { $0.defaultValue != nil } }, "defaults")
        // Over-aligned elements inside vectors and arrays.
        func overAlignedInContainer(_ type: FieldType) -> Bool {
            switch type {
            case .array(let element, _), .vector(let element, _):
                model.layout(of: element).alignment > 8 || overAlignedInContainer(element)
            case .optional(let wrapped): overAlignedInContainer(wrapped)
            default: false
            }
        }
        #expect(types.filter { $0.fields.contains { overAlignedInContainer($0.type) } }.count >= 10)
        #expect(wanted.isSubset(of: seen))
        #expect(types.contains { $0.alignAttribute != nil })
        #expect(model.enumerations.values.map(\.underlying).count >= 8)
    }
}
