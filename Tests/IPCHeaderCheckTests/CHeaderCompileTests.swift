import Foundation
import IPCCodeGen
import IPCDefinition
import IPCHeaderCheck
import Testing

/// Every generated header compiles with `gcc -std=c11 -Wall -Werror` and `g++ -std=c++17 -Wall -Werror` (so its
/// static assertions hold), all headers of a set compile together in one translation unit (the shared
/// `string<N>`/`vec<T, N>` guards work), and `ipcgen check`'s comparison reports a match for every type.
@Suite struct CHeaderCompileTests {
    enum Set: String, CaseIterable, CustomTestStringConvertible {
        case fixtures, definitions, corpus
        var paths: [String] {
            switch self {
            case .fixtures: DefinitionSources.fixtures
            case .definitions: DefinitionSources.definitions
            case .corpus: DefinitionSources.corpus
            }
        }
        var testDescription: String { rawValue }
    }

    /// Renders the headers of `set` into a fresh folder; returns the folder and the header names.
    static func renderHeaders(_ paths: [String]) throws -> (directory: String, headers: [String], model: DefinitionSet) {
        let model = try Fixture.load(paths)
        let directory = try Fixture.temporaryDirectory("compile")
        let files = CHeaderRenderer(definitions: model).renderAll()
        try Fixture.write(files, to: directory)
        return (directory, files.map(\.name), model)
    }

    @Test(arguments: Set.allCases)
    func headersCompileAsC11AndCxx17(_ set: Set) async throws {
        let paths = set.paths
        try #require(!paths.isEmpty, "no .ipcdef files for \(set.rawValue)")
        if set == .corpus { #expect(paths.count >= 200, "the layout corpus should hold at least 200 definitions") }
        let (directory, headers, _) = try Self.renderHeaders(paths)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let unit = headers.map { "#include \"\($0)\"" }.joined(separator: "\n") + "\nint main(void) { return 0; }\n"
        try unit.write(toFile: directory + "/all.c", atomically: true, encoding: .utf8)
        let c = try await runProcess("/usr/bin/gcc", ["-std=c11", "-Wall", "-Werror", "-c", "all.c", "-o", "all_c.o"], in: directory)
        #expect(c.status == 0, "gcc failed:\n\(c.output)")
        let cxx = try await runProcess(
            "/usr/bin/g++", ["-std=c++17", "-Wall", "-Werror", "-x", "c++", "-c", "all.c", "-o", "all_cxx.o"],
            in: directory)
        #expect(cxx.status == 0, "g++ failed:\n\(cxx.output)")
    }

    @Test(arguments: Set.allCases)
    func checkReportsAMatch(_ set: Set) throws {
        let paths = set.paths
        try #require(!paths.isEmpty, "no .ipcdef files for \(set.rawValue)")
        let (directory, headers, _) = try Self.renderHeaders(paths)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var checked = 0
        for (path, header) in zip(try Fixture.load(paths).files.map(\.path), headers) {
            let model = try Fixture.load([path])
            for language in HeaderParser.Language.allCases {
                let parsed = try HeaderParser(language: language)
                    .parse(path: directory + "/" + header)
                let report = LayoutComparator(definitions: model, header: parsed).compare()
                #expect(report.matches, "\(header) (\(language.rawValue)):\n\(report.description)")
                checked += report.checkedTypes.count
            }
        }
        #expect(checked > 0)
    }
}
