import Glibc
import IPCPlatform
import Testing
import ZeroCopyIPC

/// The root folder a node creates is owner-only unless the config shares it between users, whatever the umask, and
/// an existing folder keeps its mode.
@Suite struct RootFolderTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var umask: String
        var shared: Bool
        /// The mode of a folder that exists before the node is created, or `nil` for a fresh root path.
        var existing: mode_t?
        var expected: String
        var testDescription: String {
            "umask \(umask), shared \(shared), " + (existing.map { "existing \(String($0, radix: 8))" } ?? "fresh")
        }
    }

    @Test(arguments: [
        Case(umask: "0", shared: false, existing: nil, expected: "700"),
        Case(umask: "022", shared: false, existing: nil, expected: "700"),
        Case(umask: "077", shared: false, existing: nil, expected: "700"),
        Case(umask: "0", shared: true, existing: nil, expected: "1777"),
        Case(umask: "022", shared: true, existing: nil, expected: "1777"),
        Case(umask: "0", shared: false, existing: 0o755, expected: "755"),
        Case(umask: "0", shared: true, existing: 0o700, expected: "700"),
    ])
    func aNodeCreatesItsRootFolderWithTheConfiguredMode(_ example: Case) async throws {
        let bed = TestBed()
        let root = bed.root + "/root"
        defer {
            rmdir(root)
            bed.finish()
        }
        if let existing = example.existing {
            try #require(mkdir(root, 0o700) == 0 && chmod(root, existing) == 0)
        }
        var extra = ["--root", root, "--umask", example.umask]
        if example.shared { extra += ["--shared", "true"] }
        let result = try await runHelper("create-node", bed, extra)
        try #require(result.succeeded, "\(result)")
        #expect(result.value("MODE") == example.expected, "\(result)")
        #expect(listDirectory(root) == [], "the node left files behind")
    }

    @Test func theSharingKeyIsReadAndCheckedLikeTheOthers() throws {
        #expect(try !Config.parse("").sharedBetweenUsers)
        #expect(try Config.parse("[global]\nshared-between-users = true\n").sharedBetweenUsers)
        #expect(
            throws: ConfigError.invalidValue(
                file: "c.toml", line: 3, key: "global.shared-between-users", reason: "must be true or false")
        ) {
            _ = try Config.parse("[global]\nprefix = \"p_\"\nshared-between-users = \"yes\"\n", file: "c.toml")
        }
    }
}
