import Foundation
import IPCCodeGen
import IPCDefinition
import ProcessCapture

/// Paths and helpers shared by the C interop tests.
enum Fixture {
    /// `Tests/IPCHeaderCheckTests`.
    static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().path
    /// The package root.
    static let packageRoot = URL(fileURLWithPath: testsDirectory).deletingLastPathComponent()
        .deletingLastPathComponent().path
    /// `Tests/IPCHeaderCheckTests/Fixtures`.
    static let fixtures = testsDirectory + "/Fixtures"

    /// Loads definition files, failing the test with the diagnostics.
    static func load(_ paths: [String]) throws -> DefinitionSet {
        do {
            return try DefinitionLoader().load(paths: paths)
        } catch {
            throw FixtureError(description: error.description)
        }
    }

    /// A fresh temporary directory.
    static func temporaryDirectory(_ label: String) throws -> String {
        let path = NSTemporaryDirectory() + "zcipc-cinterop-\(label)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Writes every rendered header into `directory`.
    static func write(_ files: [RenderedFile], to directory: String) throws {
        for file in files {
            try file.contents.write(toFile: directory + "/" + file.name, atomically: true, encoding: .utf8)
        }
    }
}

/// A failure with a readable description.
struct FixtureError: Error, CustomStringConvertible {
    var description: String
}

/// Runs a program to completion and returns its exit status and combined output (awaited, so that a compile does
/// not hold a thread of Swift concurrency's small pool; see `onOwnThread`).
func runProcess(_ executable: String, _ arguments: [String], in directory: String? = nil) async throws -> (
    status: Int32, output: String
) {
    await runCombined(executable, arguments, in: directory)
}

/// The definition files every C interop test runs over: the fixtures, `Definitions/`, and the committed corpus.
enum DefinitionSources {
    /// `.ipcdef` files directly in `directory`, sorted.
    static func files(in directory: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasSuffix(".ipcdef") }.sorted().map { directory + "/" + $0 }
    }

    /// `Definitions/**/*.ipcdef`.
    static var definitions: [String] {
        let root = URL(fileURLWithPath: Fixture.packageRoot + "/Definitions").resolvingSymlinksInPath().path
        let all = FileManager.default.enumerator(atPath: root)?.compactMap { $0 as? String } ?? []
        return all.filter { $0.hasSuffix(".ipcdef") }.sorted().map { root + "/" + $0 }
    }

    /// `Tests/LayoutCorpus/*.ipcdef` (committed by the layout corpus generator), or, until it is committed, the
    /// 220 files of ``RandomCorpus``.
    static var corpus: [String] {
        let committed = files(in: Fixture.packageRoot + "/Tests/LayoutCorpus")
        return committed.isEmpty ? RandomCorpus.paths : committed
    }

    /// The test fixtures.
    static var fixtures: [String] { files(in: Fixture.fixtures) }
}
