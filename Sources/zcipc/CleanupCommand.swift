import ArgumentParser
import ZeroCopyIPCTools

/// `zcipc cleanup [--dry-run]`.
struct CleanupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cleanup", abstract: "Remove what dead nodes left behind and say what was removed.")
    @OptionGroup var options: GlobalOptions
    @Flag(help: "Only list what would be removed.") var dryRun = false

    func run() throws {
        try reporting {
            let report = try options.inventory.cleanup(dryRun: dryRun)
            if options.json { return try printJSON(report) }
            if report.deadNodes.isEmpty { print("no dead nodes") }
            for node in report.deadNodes {
                print("dead node \(node.id) (\(node.name), pid \(node.pid.map(String.init) ?? "?"))")
            }
            for item in report.removed { print((dryRun ? "would remove " : "removed ") + item) }
        }
    }
}
