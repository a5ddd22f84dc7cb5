import IPCDefinition
import Testing

/// `ipcgen conform`: identical, compatible (fields appended into padding or a reserved area, cases added) and
/// breaking changes, with field-level differences.
@Suite("Layout conformance")
struct ConformanceTests {
    static let old = """
        package sensors
        enum Mode: u8 {
            idle = 0
        }
        struct Reading {
            id: u32
            mode: Mode
            label: string<8>
            reserved: [u8; 8]
        }
        struct Frame {
            reading: Reading
        }
        struct Plain { x: u64 }
        struct Gone { x: u8 }
        """

    func report(_ new: String) throws -> LayoutConformance.Report {
        let old = try load(Self.old, path: "old.ipcdef")
        let changed = try load(new, path: "new.ipcdef")
        return LayoutConformance.compare(old: old, new: changed)
    }

    @Test func appendedIntoPaddingOrReservedBytesIsCompatible() throws {
        let result = try report("""
            package sensors
            enum Mode: u8 {
                idle = 0
                running = 1
            }
            struct Reading {
                id: u32
                mode: Mode
                flags: u8
                label: string<8>
                count: u32
                scale: f32
            }
            struct Frame {
                reading: Reading
            }
            struct Plain { x: u64 }
            struct Added { y: u8 }
            """)
        #expect(result.description == """
            sensors.Mode: compatible
              sensors.Mode.running: case added (= 1); old readers see an unknown value
            sensors.Reading: compatible
              sensors.Reading.reserved: reserved area given to new fields
              sensors.Reading.flags: added at offset 5, size 1, in bytes the old layout did not use
              sensors.Reading.count: added at offset 32, size 4, in bytes the old layout did not use
              sensors.Reading.scale: added at offset 36, size 4, in bytes the old layout did not use
            sensors.Frame: compatible
              sensors.Frame: a type it contains changed compatibly (see that type)
            sensors.Plain: identical
            sensors.Gone: removed
            sensors.Added: added
            not compatible (1 identical, 3 compatible, 1 added, 1 removed)
            """)
    }

    @Test func movedOrResizedFieldsAreBreakingAndNameTheField() throws {
        let result = try report("""
            package sensors
            enum Mode: u16 {
                idle = 0
            }
            struct Reading {
                id: u32
                mode: Mode
                label: string<12>
                reserved: [u8; 8]
            }
            struct Frame {
                reading: Reading
            }
            struct Plain { x: u64 }
            struct Gone { x: u8 }
            """)
        #expect(!result.isCompatible)
        #expect(result.description == """
            sensors.Mode: breaking
              sensors.Mode: size 1 → 2
              sensors.Mode: alignment 1 → 2
              sensors.Mode.idle: size 1 → 2
            sensors.Reading: breaking
              sensors.Reading.mode: size 1 → 2
              sensors.Reading.label: type string<8> → string<12>
            sensors.Frame: breaking
              sensors.Frame.reading: its type sensors.Reading changed incompatibly
            sensors.Plain: identical
            sensors.Gone: identical
            not compatible (2 identical, 3 breaking)
            """)
    }
}
