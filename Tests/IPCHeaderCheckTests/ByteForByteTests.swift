import Foundation
import IPCCodeGen
import IPCDefinition
import Testing

/// A C program compiled against the generated headers fills every type with ``FillRule`` through member
/// assignments; Swift fills the same values through the layout engine's offsets; the bytes are identical. Then
/// the reverse direction across processes: Swift writes the records, a separate C process maps the file and reads
/// every member back.
@Suite struct ByteForByteTests {
    /// Builds the fill program for `paths` and returns its path and the model.
    static func buildProgram(_ paths: [String]) async throws -> (program: String, directory: String, model: DefinitionSet) {
        let model = try Fixture.load(paths)
        let directory = try Fixture.temporaryDirectory("bytes")
        let headers = CHeaderRenderer(definitions: model).renderAll()
        try Fixture.write(headers, to: directory)
        let source = CFillProgram(definitions: model, headers: headers.map(\.name)).render()
        try source.write(toFile: directory + "/fill.c", atomically: true, encoding: .utf8)
        let compile = try await runProcess(
            "/usr/bin/gcc", ["-std=c11", "-Wall", "-Werror", "-O1", "fill.c", "-o", "fill"], in: directory)
        try #require(compile.status == 0, "gcc failed:\n\(compile.output)")
        return (directory + "/fill", directory, model)
    }

    /// The records Swift writes, laid out as ``RecordFile`` describes.
    static func swiftRecords(_ model: DefinitionSet) -> [UInt8] {
        let records = RecordFile(definitions: model)
        let (offsets, size) = records.offsets
        var file = [UInt8](repeating: 0, count: size)
        let filler = LayoutFiller(definitions: model)
        for (type, offset) in zip(records.types, offsets) {
            file.replaceSubrange(offset..<(offset + type.layout.size), with: filler.bytes(of: type.id))
        }
        return file
    }

    @Test(arguments: CHeaderCompileTests.Set.allCases)
    func cAndSwiftWriteIdenticalBytes(_ set: CHeaderCompileTests.Set) async throws {
        let (program, directory, model) = try await Self.buildProgram(set.paths)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let written = try await runProcess(program, ["write", directory + "/c.bin"])
        try #require(written.status == 0, "fill write failed: \(written.output)")
        let cBytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: directory + "/c.bin")))
        let swiftBytes = Self.swiftRecords(model)
        let records = RecordFile(definitions: model)
        #expect(cBytes.count == swiftBytes.count)
        var differing: [String] = []
        for (type, offset) in zip(records.types, records.offsets.offsets) {
            let range = offset..<min(offset + type.layout.size, cBytes.count)
            if let first = range.first(where: { cBytes[$0] != swiftBytes[$0] }) {
                differing.append("\(type.id) at byte \(first - offset)")
            }
        }
        #expect(differing.isEmpty, "C and Swift bytes differ: \(differing.prefix(10))")
        #expect(records.types.count > 0)
        if set == .corpus { #expect(records.types.count >= 200) }
        print("byte-for-byte \(set.rawValue): \(records.types.count) types, \(cBytes.count) bytes identical")
    }

    @Test(arguments: CHeaderCompileTests.Set.allCases)
    func cProcessReadsWhatSwiftWrote(_ set: CHeaderCompileTests.Set) async throws {
        let (program, directory, model) = try await Self.buildProgram(set.paths)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var bytes = Self.swiftRecords(model)
        try Data(bytes).write(to: URL(fileURLWithPath: directory + "/swift.bin"))
        let read = try await runProcess(program, ["read", directory + "/swift.bin"])
        let count = RecordFile(definitions: model).types.count
        #expect(read.status == 0, "\(read.output)")
        #expect(read.output.contains("checked \(count) types, 0 mismatches"), "\(read.output)")

        // The reader must notice a wrong byte: change the first field's first byte of the first record.
        bytes[0] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: directory + "/broken.bin"))
        let broken = try await runProcess(program, ["read", directory + "/broken.bin"])
        #expect(broken.status == 1, "\(broken.output)")
        #expect(broken.output.contains("mismatch: "), "\(broken.output)")
    }
}
