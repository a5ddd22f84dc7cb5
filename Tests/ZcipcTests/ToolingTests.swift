import Testing

/// What swift-argument-parser's tooling gives `zcipc`: shell completions that know every subcommand, and the exit
/// codes in `--help` (which the man page from `swift package generate-manual` is made of).
@Suite struct ToolingTests {
    @Test(arguments: ["bash", "zsh", "fish"])
    func completionScriptsNameTheLiveSubcommands(shell: String) async throws {
        let bed = ToolBed()
        let result = try await zcipc(["--generate-completion-script", shell], bed)
        #expect(result.exitCode == 0, "\(result)")
        for word in ["subscribe", "publish", "call", "hz", "listen", "notify", "zero-fill", "event-id"] {
            #expect(result.output.contains(word), "\(shell) completion lacks \(word)")
        }
    }

    @Test func helpListsEveryExitCode() async throws {
        let bed = ToolBed()
        let help = try await zcipc(["--help"], bed)
        #expect(help.exitCode == 0, "\(help)")
        for line in [
            "  0   success", "  1   error", "  2   the node, service", "  3   --timeout passed", "  64  usage error",
        ] {
            #expect(help.output.contains(line), "--help lacks '\(line)': \(help)")
        }
        let usage = try await zcipc(["service", "subscribe", "x", "--count", "0"], bed)
        #expect(usage.exitCode == 64, "\(usage)")
        #expect(bed.leftovers == [])
    }
}
