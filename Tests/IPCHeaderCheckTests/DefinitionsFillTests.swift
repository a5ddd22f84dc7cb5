import Definitions
import Foundation
import IPCDefinition
import Testing
import ZeroCopyIPC

/// The `Definitions/` types filled through real Swift property assignments on the generated structs
/// (`reading.name = …`, `reading.matrix[i][j] = …`), compared byte for byte with what the C program wrote through
/// the generated headers, and read back member by member by a separate C process from a file Swift wrote.
@Suite struct DefinitionsFillTests {
    let model: DefinitionSet

    init() throws { model = try Fixture.load(DefinitionSources.definitions) }

    /// The layout engine's offset of `field` in the struct `type` (qualified name).
    func offset(_ type: String, _ field: String) -> Int {
        let structure = model.structures.values.first { $0.id.qualifiedName == type }!
        return structure.layout.fields.first { $0.name == field }!.offset
    }

    func integer<T: FixedWidthInteger>(_ offset: Int) -> T { T(truncatingIfNeeded: FillRule.pattern(offset)) }
    func bool(_ offset: Int) -> Bool { FillRule.pattern(offset) >> 63 == 1 }
    func f32(_ offset: Int) -> Float { Float(offset % 4096) + 0.5 }
    func f64(_ offset: Int) -> Double { Double(offset) * 0.25 + 1 }

    func point(at base: Int) -> Geometry_Point {
        var point = Geometry_Point()
        point.x = f64(base + offset("geometry.Point", "x"))
        point.y = f64(base + offset("geometry.Point", "y"))
        point.z = f64(base + offset("geometry.Point", "z"))
        return point
    }

    func box(at base: Int) -> Geometry_Box {
        var box = Geometry_Box()
        box.min = point(at: base + offset("geometry.Box", "min"))
        box.max = point(at: base + offset("geometry.Box", "max"))
        return box
    }

    func reading(at base: Int) throws -> Sensors_Reading {
        func at(_ field: String) -> Int { base + offset("sensors.Reading", field) }
        var reading = Sensors_Reading()
        reading.id = integer(at("id"))
        let statuses = model.enumerations[TypeID(package: ["sensors"], name: "Status")]!.cases
        reading.status = Sensors_Status(rawValue: UInt8(statuses[at("status") % statuses.count].value))
        reading.position = point(at: at("position"))
        let labelLength = FillRule.stringLength(capacity: 24, at: at("label"))
        let letters = (0..<labelLength).map { Character(UnicodeScalar(UInt8(97 + (at("label") + $0) % 26))) }
        reading.label = try #require(FixedString<24>(String(letters)))
        let count = FillRule.vectorLength(capacity: 16, at: at("samples"))
        reading.samples = try FixedVector((0..<count).map { f32(at("samples") + $0 * 4) })
        for row in 0..<3 {
            for column in 0..<3 { reading.calibration[row][column] = f32(at("calibration") + (row * 3 + column) * 4) }
        }
        reading.valid = bool(at("valid"))
        reading.timestampNs = integer(at("timestamp_ns"))
        return reading
    }

    func counters(at base: Int) -> Sensors_Counters {
        var counters = Sensors_Counters()
        counters.received = integer(base + offset("sensors.Counters", "received"))
        counters.dropped = integer(base + offset("sensors.Counters", "dropped"))
        return counters
    }

    func transmission(at base: Int) -> TransmissionData {
        var data = TransmissionData()
        data.x = integer(base + offset("TransmissionData", "x"))
        data.y = integer(base + offset("TransmissionData", "y"))
        data.funky = f64(base + offset("TransmissionData", "funky"))
        return data
    }

    func circle(at base: Int) -> Shapes_Circle {
        Shapes_Circle(radius: f32(base + offset("shapes.Circle", "radius")))
    }

    /// The union through its typed setters: case `base % 3`, the payload filled at the payload's offset.
    func shape(at base: Int) -> Shapes_Shape {
        let union = model.unions[TypeID(package: ["shapes"], name: "Shape")]!
        let payload = base + union.value.offset
        var shape = Shapes_Shape()
        switch base % union.cases.count {
        case 0: shape.setCircle(circle(at: payload))
        case 1: shape.setSquare(f64(payload))
        default: shape.setEmpty()
        }
        return shape
    }

    func drawing(at base: Int) -> Shapes_Drawing {
        func at(_ field: String) -> Int { base + offset("shapes.Drawing", field) }
        var drawing = Shapes_Drawing()
        drawing.id = integer(at("id"))
        drawing.shape = shape(at: at("shape"))
        drawing.limit = at("limit") % 2 == 0 ? FixedOptional(integer(at("limit") + 4)) : nil
        let flags = model.enumerations[TypeID(package: ["shapes"], name: "Access")]!.cases
        drawing.access = Shapes_Access(rawValue: UInt16(flags[at("access") % flags.count].value))
        drawing.scale = f32(at("scale"))
        return drawing
    }

    func inspectPoint(at base: Int) -> Inspect_Point {
        Inspect_Point(
            x: f32(base + offset("inspect.Point", "x")), y: f32(base + offset("inspect.Point", "y")))
    }

    func mode(at offset: Int) -> Inspect_Mode {
        let modes = model.enumerations[TypeID(package: ["inspect"], name: "Mode")]!.cases
        return Inspect_Mode(rawValue: UInt8(modes[offset % modes.count].value))
    }

    /// The letters the fill rule puts into a string of `capacity` at `offset`.
    func letters(capacity: Int, at offset: Int) -> String {
        let length = FillRule.stringLength(capacity: capacity, at: offset)
        return String((0..<length).map { Character(UnicodeScalar(UInt8(97 + (offset + $0) % 26))) })
    }

    /// The union through its typed setters, as ``shape(at:)`` does.
    func source(at base: Int) -> Inspect_Source {
        let union = model.unions[TypeID(package: ["inspect"], name: "Source")]!
        let payload = base + union.value.offset
        var source = Inspect_Source()
        switch base % union.cases.count {
        case 0: source.setPoint(inspectPoint(at: payload))
        case 1: source.setChannel(integer(payload))
        default: source.setNone()
        }
        return source
    }

    func telemetry(at base: Int) throws -> Inspect_Telemetry {
        func at(_ field: String) -> Int { base + offset("inspect.Telemetry", field) }
        var telemetry = Inspect_Telemetry()
        telemetry.id = integer(at("id"))
        telemetry.valid = bool(at("valid"))
        telemetry.offset = integer(at("offset"))
        telemetry.mode = mode(at: at("mode"))
        let rights = model.enumerations[TypeID(package: ["inspect"], name: "Rights")]!.cases
        telemetry.rights = Inspect_Rights(rawValue: UInt16(rights[at("rights") % rights.count].value))
        telemetry.position = inspectPoint(at: at("position"))
        for index in 0..<3 { telemetry.samples[index] = integer(at("samples") + index * 4) }
        telemetry.label = try #require(FixedString<12>(letters(capacity: 12, at: at("label"))))
        let count = FillRule.vectorLength(capacity: 4, at: at("trail"))
        telemetry.trail = try FixedVector((0..<count).map { inspectPoint(at: at("trail") + $0 * 8) })
        telemetry.source = source(at: at("source"))
        telemetry.limit = at("limit") % 2 == 0 ? FixedOptional(integer(at("limit") + 4)) : nil
        telemetry.ratio = f64(at("ratio"))
        return telemetry
    }

    func readingV1(at base: Int) throws -> Inspect_ReadingV1 {
        func at(_ field: String) -> Int { base + offset("inspect.ReadingV1", field) }
        var reading = Inspect_ReadingV1()
        reading.id = integer(at("id"))
        reading.mode = mode(at: at("mode"))
        reading.label = try #require(FixedString<8>(letters(capacity: 8, at: at("label"))))
        return reading
    }

    func readingV2(at base: Int) throws -> Inspect_ReadingV2 {
        func at(_ field: String) -> Int { base + offset("inspect.ReadingV2", field) }
        var reading = Inspect_ReadingV2()
        reading.id = integer(at("id"))
        reading.mode = mode(at: at("mode"))
        reading.scale = f64(at("scale"))
        reading.label = try #require(FixedString<8>(letters(capacity: 8, at: at("label"))))
        return reading
    }

    /// Each type's bytes as Swift stores the property-filled value (`MemoryLayout.size` bytes, padding included).
    func swiftBytes() throws -> [String: [UInt8]] {
        [
            "geometry.Point": withUnsafeBytes(of: point(at: 0), Array.init),
            "geometry.Box": withUnsafeBytes(of: box(at: 0), Array.init),
            "sensors.Reading": withUnsafeBytes(of: try reading(at: 0), Array.init),
            "sensors.Counters": withUnsafeBytes(of: counters(at: 0), Array.init),
            "TransmissionData": withUnsafeBytes(of: transmission(at: 0), Array.init),
            "shapes.Circle": withUnsafeBytes(of: circle(at: 0), Array.init),
            "shapes.Drawing": withUnsafeBytes(of: drawing(at: 0), Array.init),
            "inspect.Point": withUnsafeBytes(of: inspectPoint(at: 0), Array.init),
            "inspect.Telemetry": withUnsafeBytes(of: try telemetry(at: 0), Array.init),
            "inspect.ReadingV1": withUnsafeBytes(of: try readingV1(at: 0), Array.init),
            "inspect.ReadingV2": withUnsafeBytes(of: try readingV2(at: 0), Array.init),
        ]
    }

    @Test func propertyFilledStructsEqualTheCBytes() async throws {
        let (program, directory, _) = try await ByteForByteTests.buildProgram(DefinitionSources.definitions)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let written = try await runProcess(program, ["write", directory + "/c.bin"])
        try #require(written.status == 0, "\(written.output)")
        let cFile = [UInt8](try Data(contentsOf: URL(fileURLWithPath: directory + "/c.bin")))
        let records = RecordFile(definitions: model)
        let swift = try swiftBytes()
        #expect(Set(records.types.map(\.id.qualifiedName)) == Set(swift.keys), "every Definitions type is covered")
        for (type, offset) in zip(records.types, records.offsets.offsets) {
            let cBytes = Array(cFile[offset..<(offset + type.layout.size)])
            let swiftBytes = try #require(swift[type.id.qualifiedName])
            #expect(swiftBytes.count == type.layout.size, "\(type.id): Swift size")
            // Padding is compared apart: FixedString/FixedVector leave their implicit padding (between
            // `terminator`/`data` and `len`) uninitialised in Swift, so only the defined bytes must agree.
            let padding = LayoutFiller(definitions: model).paddingMask(of: type.id)
            let differing = (0..<cBytes.count).filter { !padding[$0] && swiftBytes[$0] != cBytes[$0] }
            #expect(differing.isEmpty, "\(type.id): Swift and C differ at data bytes \(differing.prefix(16))")
            #expect(padding.contains(false))
        }
    }

    @Test func cProcessReadsPropertyFilledStructs() async throws {
        let (program, directory, _) = try await ByteForByteTests.buildProgram(DefinitionSources.definitions)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let records = RecordFile(definitions: model)
        let swift = try swiftBytes()
        var file = [UInt8](repeating: 0, count: records.offsets.size)
        for (type, offset) in zip(records.types, records.offsets.offsets) {
            file.replaceSubrange(offset..<(offset + type.layout.size), with: swift[type.id.qualifiedName]!)
        }
        try Data(file).write(to: URL(fileURLWithPath: directory + "/swift.bin"))
        let read = try await runProcess(program, ["read", directory + "/swift.bin"])
        #expect(read.status == 0 && read.output.contains("checked \(records.types.count) types, 0 mismatches"), "\(read.output)")
    }
}
