import ArgumentParser
import ZeroCopyIPCTools

/// `zcipc node list | details ID`.
struct NodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "node", abstract: "List nodes and show one.", subcommands: [List.self, Details.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every node: id, name, pid, alive or dead.")
        @OptionGroup var options: GlobalOptions

        func run() throws {
            try reporting {
                let nodes = try options.inventory.nodes()
                if options.json { return try printJSON(nodes) }
                if nodes.isEmpty { print("no nodes") }
                for node in nodes {
                    print("\(node.id)  \(node.state)  pid \(node.pid.map(String.init) ?? "?")  \(node.name)")
                }
            }
        }
    }

    struct Details: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One node and the services it has open.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The node's id (hexadecimal, as `node list` prints it).") var id: String

        func run() throws {
            try reporting {
                let wanted = UInt64(id, radix: 16).map { Inventory.hex($0) } ?? id
                guard let node = try options.inventory.nodes().first(where: { $0.id == wanted }) else {
                    throw Failure(
                        message: "no node '\(id)'; `zcipc node list` shows the nodes there are",
                        code: ExitCodes.notFound)
                }
                if options.json { return try printJSON(node) }
                print("node \(node.id)")
                print("  name: \(node.name)")
                print("  pid: \(node.pid.map(String.init) ?? "unknown")")
                print("  state: \(node.state)")
                print("  services: \(node.services.isEmpty ? "none" : node.services.joined(separator: ", "))")
            }
        }
    }
}
