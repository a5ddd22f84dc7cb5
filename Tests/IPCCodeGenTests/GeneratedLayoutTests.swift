import Definitions
import Foundation
import IPCDefinition
import IPCTestSupport
import LayoutCorpus
import Testing
import ZeroCopyIPC

/// The generated Swift types, compiled through the plugin, have exactly the C layout the engine computed.
@Suite("Generated layouts")
struct GeneratedLayoutTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The engine's layouts for every struct and enum in the given definition files, by cross-language type name.
    static func engineLayouts(_ paths: [String]) throws -> [String: (size: Int, alignment: Int, offsets: [Int], fingerprint: UInt64)] {
        let model = try DefinitionLoader().load(paths: paths)
        var result: [String: (Int, Int, [Int], UInt64)] = [:]
        for structure in model.structures.values {
            let layout = structure.layout
            result[structure.typeName] = (layout.size, layout.alignment, layout.fields.map(\.offset), layout.fingerprint)
        }
        for union in model.unions.values {
            let layout = union.layout
            result[union.typeName] = (layout.size, layout.alignment, layout.fields.map(\.offset), layout.fingerprint)
        }
        for enumeration in model.enumerations.values {
            result[enumeration.typeName] = (enumeration.underlying.size, enumeration.underlying.size, [], enumeration.fingerprint)
        }
        return result
    }

    static func check(_ types: [any ZeroCopySend.Type], against engine: [String: (size: Int, alignment: Int, offsets: [Int], fingerprint: UInt64)]) {
        for type in types {
            let layout = type.zeroCopyLayout
            #expect(layout.mismatches.isEmpty, "\(layout.mismatches)")
            guard let expected = engine[layout.typeName] else {
                Issue.record("no definition for \(layout.typeName)")
                continue
            }
            #expect(layout.size == expected.size && layout.measuredSize == expected.size, "\(layout.typeName)")
            #expect(layout.measuredStride == expected.size, "\(layout.typeName)")
            #expect(layout.alignment == expected.alignment, "\(layout.typeName)")
            #expect(layout.fields.map(\.offset) == expected.offsets, "\(layout.typeName)")
            #expect(layout.fields.map(\.measuredOffset) == expected.offsets.map { Optional($0) }, "\(layout.typeName)")
            #expect(layout.fingerprint == expected.fingerprint, "\(layout.typeName)")
            checkDescription(layout)
            // Swift cannot raise alignment, so only an @align type (or one containing it) may be less aligned.
            if layout.measuredAlignment != expected.alignment {
                #expect(expected.alignment > 8, "\(layout.typeName): Swift alignment \(layout.measuredAlignment)")
            }
        }
    }

    /// The generated layout description reads back and agrees with the numbers beside it.
    static func checkDescription(_ layout: TypeLayout) {
        guard let text = layout.layoutDescription else {
            Issue.record("\(layout.typeName): no layout description")
            return
        }
        do {
            let description = try LayoutDescription(parsing: text)
            #expect(description.text == text, "\(layout.typeName): the text does not read back unchanged")
            #expect(description.root == .named(layout.typeName), "\(layout.typeName)")
            #expect(description.size(of: description.root) == layout.size, "\(layout.typeName)")
            #expect(description.alignment(of: description.root) == layout.alignment, "\(layout.typeName)")
            if case .structure(_, _, _, let fields)? = description.declaration(named: layout.typeName) {
                #expect(fields.map(\.name) == layout.fields.map(\.name), "\(layout.typeName)")
                #expect(fields.map(\.offset) == layout.fields.map(\.offset), "\(layout.typeName)")
                #expect(fields.map(\.size) == layout.fields.map(\.size), "\(layout.typeName)")
                for field in fields {
                    #expect(description.size(of: field.type) == field.size, "\(layout.typeName).\(field.name)")
                }
            }
            for declaration in description.declarations {
                #expect(description.declarations.filter { $0.name == declaration.name }.count == 1)
            }
        } catch {
            Issue.record("\(layout.typeName): \(error)")
        }
    }

    @Test func definitionsMatchTheLayoutEngine() throws {
        let folder = Self.root.appendingPathComponent("Definitions")
        let paths = try FileManager.default.subpathsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".ipcdef") }.map { folder.appendingPathComponent($0).path }
        let types: [any ZeroCopySend.Type] = [
            Geometry_Point.self, Geometry_Box.self, Sensors_Status.self, Sensors_Reading.self, Sensors_Counters.self,
            TransmissionData.self, Shapes_Access.self, Shapes_Circle.self, Shapes_Shape.self, Shapes_Drawing.self,
            Inspect_Mode.self, Inspect_Rights.self, Inspect_Point.self, Inspect_Source.self, Inspect_Telemetry.self,
        ]
        Self.check(types, against: try Self.engineLayouts(paths))
    }

    @Test func randomCorpusMatchesTheLayoutEngine() throws {
        let corpus = RandomDefinitionCorpus()
        let folder = Self.root.appendingPathComponent("Tests/LayoutCorpus")
        let engine = try Self.engineLayouts(corpus.files.map { folder.appendingPathComponent($0.name).path })
        let types = corpusTypes()
        #expect(types.count == corpus.files.reduce(0) {
            $0 + $1.structNames.count + $1.enumNames.count + $1.unionNames.count
        })
        #expect(types.count >= 200)
        Self.check(types, against: engine)
    }

    @Test func generatedTypesBehaveAsValues() throws {
        var reading = Sensors_Reading(id: 7, status: .running, label: "front-left")
        try reading.samples.append(1.5)
        reading.calibration[1][2] = 3
        var copy = reading
        #expect(copy == reading)
        copy.calibration[1][2] = 4
        #expect(copy != reading)
        #expect(reading.status.case == .running)
        #expect(Sensors_Status(rawValue: 9).case == nil)
        #expect(reading.description.hasPrefix("Sensors_Reading(id: 7, status: running, position: Geometry_Point("))
        #expect(reading.description.contains("label: \"front-left\""))
        #expect(reading.description.contains("samples: [1.5]"))
        #expect(Sensors_Reading.typeName == "sensors::Reading")
        #expect(Sensors_Counters.zeroCopyLayout.alignment == 64)
        #expect(MemoryLayout<Sensors_Counters>.size == 64)
    }

    @Test func unionsOptionalsFlagsAndDefaultsBehaveAsValues() throws {
        var drawing = Shapes_Drawing(id: 1)
        #expect(drawing.access == .read && drawing.scale == 1.0, "the definition's defaults")
        #expect(drawing.limit.value == nil)
        guard case .circle(let zero) = drawing.shape.value else {
            Issue.record("a zero union is its first case")
            return
        }
        #expect(zero.radius == 0)
        drawing.shape = .square(2.5)
        drawing.limit.value = 7
        drawing.access.insert(.write)
        guard case .square(let side) = drawing.shape.value else {
            Issue.record("expected a square")
            return
        }
        #expect(side == 2.5 && drawing.shape.tag == Shapes_Shape.Tags.square)
        #expect(drawing.limit.value == 7)
        #expect(drawing.access.description == "[read, write]")
        drawing.shape.setCircle(Shapes_Circle(radius: 1))
        #expect(drawing.shape.description == "Shapes_Shape.circle(Shapes_Circle(radius: 1.0))")
        let unknown = Shapes_Shape(.unknown(tag: 77))
        guard case .unknown(let tag) = unknown.value else {
            Issue.record("a tag no case names reads as unknown")
            return
        }
        #expect(tag == 77 && unknown != Shapes_Shape.empty)
    }
}
