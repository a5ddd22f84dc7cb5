import Definitions
import Testing
import ZeroCopyIPC

/// `ReadingV1` as generated code from before field layouts were recorded had it: same fingerprint, no description.
struct LegacyReading: ZeroCopySend {
    var reading: Inspect_ReadingV1
    static var typeName: String { Inspect_ReadingV1.typeName }
    static var zeroCopyLayout: TypeLayout {
        var layout = Inspect_ReadingV1.zeroCopyLayout
        layout.layoutDescription = nil
        return layout
    }
}

/// The field layouts a service records (Definitions/Inspect.ipcdef) and the incompatible-types error that names
/// the first differing field.
@Suite struct LayoutEvolutionTests {
    static let movedLabel = "Reading: field 'scale' missing in the service's type; Reading.label: offset 8 → 16"

    @Test func theStaticConfigRecordsTheFieldLayoutAndItReadsBack() throws {
        let bed = TestBed()
        do {
            let node = try NodeBuilder().config(bed.config).create()
            let service = try node.serviceBuilder(ServiceName("evolution/record"))
                .publishSubscribe(Inspect_Telemetry.self).userHeader(Inspect_Rights.self).create()
            let text = try #require(service.staticConfig.payload.layout)
            #expect(text == Inspect_Telemetry.zeroCopyLayout.layoutDescription)
            let layout = try LayoutDescription(parsing: text)
            guard case .structure(_, let size, _, let fields)? = layout.declaration(named: "inspect.Telemetry") else {
                Issue.record("no struct in \(text)")
                return
            }
            #expect(size == Inspect_Telemetry.zeroCopyLayout.size)
            #expect(fields.map(\.name) == [
                "id", "valid", "offset", "mode", "rights", "position", "samples", "label", "trail", "source", "limit",
                "ratio",
            ])
            #expect(fields.first { $0.name == "trail" }?.type == .vector(.named("inspect.Point"), capacity: 4))
            #expect(fields.first { $0.name == "limit" }?.type == .optional(.primitive(.u32)))
            guard case .union(_, _, _, .u8, _, let cases)? = layout.declaration(named: "inspect.Source") else {
                Issue.record("no union in \(text)")
                return
            }
            #expect(cases.map(\.name) == ["point", "channel", "none"])
            guard case .enumeration(_, .u8, let modes)? = layout.declaration(named: "inspect.Mode"),
                case .flags(_, .u16, let rights)? = layout.declaration(named: "inspect.Rights")
            else {
                Issue.record("no enum or flags in \(text)")
                return
            }
            #expect(modes.map(\.value) == [0, 1, 7])
            #expect(rights.map(\.name) == ["read", "write", "admin"])
            #expect(
                service.staticConfig.userHeader?.layout
                    == "zcl1|inspect.Rights|flags inspect.Rights u16 {read:1,write:2,admin:8}")
            _ = consume service
        }
        bed.finish()
    }

    @Test func openingWithAnotherVersionNamesTheFirstDifferingFieldsInProcess() throws {
        let bed = TestBed()
        do {
            let node = try NodeBuilder().config(bed.config).create()
            let name = try ServiceName("evolution/in-process")
            let service = try node.serviceBuilder(name).publishSubscribe(Inspect_ReadingV1.self).create()
            do {
                _ = try node.serviceBuilder(name).publishSubscribe(Inspect_ReadingV2.self).open()
                Issue.record("opened a service of another layout")
            } catch {
                guard case .incompatibleTypes(_, _, let differences) = error else {
                    Issue.record("wrong error \(error)")
                    return
                }
                #expect(differences.contains { $0.hasSuffix(Self.movedLabel) }, "\(differences)")
                #expect("\(error)".contains("Reading.label: offset 8 → 16"), "\(error)")
            }
            _ = consume service
        }
        bed.finish()
    }

    @Test func aServiceWithoutFieldLayoutsStillOpensAndOpensForOldCode() throws {
        let bed = TestBed()
        do {
            let node = try NodeBuilder().config(bed.config).create()
            // A service created by old code (no layout line in its static config) opens with today's type…
            let old = try node.serviceBuilder(ServiceName("evolution/old")).publishSubscribe(LegacyReading.self).create()
            #expect(old.staticConfig.payload.layout == nil)
            let opened = try node.serviceBuilder(ServiceName("evolution/old")).publishSubscribe(Inspect_ReadingV1.self)
                .open()
            #expect(opened.staticConfig.payload.layout == nil)
            // …and a mismatch against it still names the fingerprint, without field names.
            do {
                _ = try node.serviceBuilder(ServiceName("evolution/old")).publishSubscribe(Inspect_ReadingV2.self).open()
                Issue.record("opened a service of another layout")
            } catch {
                #expect("\(error)".contains("layout fingerprint"), "\(error)")
                #expect(!"\(error)".contains("first differing"), "\(error)")
            }
            // A service created today opens for old code too.
            let new = try node.serviceBuilder(ServiceName("evolution/new")).publishSubscribe(Inspect_ReadingV1.self)
                .create()
            _ = try node.serviceBuilder(ServiceName("evolution/new")).publishSubscribe(LegacyReading.self).open()
            _ = consume old
            _ = consume opened
            _ = consume new
        }
        bed.finish()
    }

    @Test(arguments: [(1, 2, movedLabel), (2, 1, "Reading: field 'scale' missing in this process's type; Reading.label: offset 16 → 8")])
    func openingWithAnotherVersionNamesTheFieldAcrossProcesses(creator: Int, opener: Int, expected: String)
        async throws
    {
        let bed = TestBed()
        let service = ["--service", "evolution/processes"]
        let (opened, _) = try await withHelper(
            "evolution-hold", bed, service + ["--version", String(creator)], killAtEnd: true
        ) { lines in
            _ = try await lines.waitFor("READY")
            return try await runHelper("evolution-open", bed, service + ["--version", String(opener)])
        }
        #expect(opened.succeeded, "\(opened)")
        let line = try #require(opened.value("INCOMPATIBLE"), "\(opened)")
        #expect(line.contains(expected), "\(line)")
        #expect(line.contains("(the service's → this process's)"), "\(line)")
        // The killed creator's service is removed by the next node's cleanup.
        _ = try NodeBuilder().config(bed.config).create().tryCleanupDeadNodes()
        bed.finish()
    }

    @Test func differencesNameNestedFieldsEnumCasesAndUnionPayloads() throws {
        let service = try LayoutDescription(parsing:
            "zcl1|a.Outer|struct a.Outer 16 4 {inner@0+8:a.Inner;mode@8+1:a.Mode;shape@12+4:a.Shape}"
                + "|struct a.Inner 8 4 {x@0+4:f32;y@4+4:f32}|enum a.Mode u8 {off:0,on:1}"
                + "|union a.Shape 4 2 u8 2 {dot:0;size:1:u16}")
        let moved = try LayoutDescription(parsing:
            "zcl1|a.Outer|struct a.Outer 16 4 {inner@0+8:a.Inner;mode@8+1:a.Mode;shape@12+4:a.Shape}"
                + "|struct a.Inner 8 4 {y@0+4:f32;x@4+4:f32}|enum a.Mode u8 {off:0,on:2}"
                + "|union a.Shape 4 2 u8 2 {dot:0;size:1:i16}")
        #expect(service.differences(from: moved, limit: 10) == [
            "Outer.inner.y: offset 4 → 0", "Outer.inner.x: offset 0 → 4", "Outer.mode.on: value 1 → 2",
            "Outer.shape.size: type u16 → i16",
        ])
        #expect(service.differences(from: service).isEmpty)
        #expect(throws: LayoutDescriptionError.self) { try LayoutDescription(parsing: "zcl9|u8") }
        #expect(throws: LayoutDescriptionError.self) { try LayoutDescription(parsing: "zcl1|a|struct a 4 4 {x@0:u8}") }
    }
}
