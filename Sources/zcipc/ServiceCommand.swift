import ArgumentParser
import ZeroCopyIPC
import ZeroCopyIPCTools

/// `zcipc service list | details NAME`.
struct ServiceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "service", abstract: "List services, show one, and send and receive its messages by field.",
        subcommands: [
            List.self, Details.self, SubscribeCommand.self, PublishCommand.self, CallCommand.self, HzCommand.self,
            ListenCommand.self, NotifyCommand.self,
        ])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every service: name, pattern, payload types.")
        @OptionGroup var options: GlobalOptions

        func run() throws {
            try reporting {
                let services = try options.inventory.services()
                if options.json { return try printJSON(services) }
                if services.isEmpty { print("no services") }
                for service in services {
                    let types = service.payloads.map { "\($0.role) \($0.type)" }.joined(separator: ", ")
                    print("\(service.name)  \(service.pattern)  \(types)")
                }
            }
        }
    }

    struct Details: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "One service: pattern, payload types with their field layouts, limits, attributes, ports.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The service's name.") var name: String
        @Option(help: "request-response, publish-subscribe or event: which service of this name is meant.")
        var pattern: String?

        func validate() throws {
            if let pattern, MessagingPattern(rawValue: pattern) == nil {
                throw ValidationError(
                    "--pattern must be one of " + MessagingPattern.allCases.map(\.rawValue).joined(separator: ", "))
            }
        }

        func run() throws {
            try reporting {
                let named = try options.inventory.services().filter { $0.name == name }
                let matching = named.filter { pattern == nil || $0.pattern == pattern }
                guard let service = matching.first else {
                    let hint =
                        named.isEmpty
                        ? "`zcipc service list` shows the services there are"
                        : "it exists as " + named.map(\.pattern).sorted().joined(separator: " and ")
                    throw Failure(
                        message: "no \(pattern.map { "\($0) " } ?? "")service '\(name)'; \(hint)",
                        code: ExitCodes.notFound)
                }
                if matching.count > 1 {
                    throw Failure(
                        message: "'\(name)' is \(matching.count) services: "
                            + matching.map(\.pattern).sorted().joined(separator: " and ")
                            + "; choose one with --pattern")
                }
                if options.json { return try printJSON(service) }
                print("service \(service.name) (\(service.pattern))")
                for payload in service.payloads {
                    let shape = payload.variant == "slice" ? "[\(payload.type)]" : payload.type
                    print(
                        "  \(payload.role): \(shape)  size \(payload.size)  alignment \(payload.alignment)  "
                            + "fingerprint \(payload.fingerprint)")
                    for field in payload.fields {
                        print("    \(field.name): \(field.type)  offset \(field.offset)  size \(field.size)")
                    }
                    if payload.layout == nil { print("    (no field layout recorded)") }
                }
                print("  limits:")
                for (key, value) in service.limits.sorted(by: { $0.key < $1.key }) { print("    \(key) = \(value)") }
                print(service.attributes.isEmpty ? "  attributes: none" : "  attributes:")
                for pair in service.attributes { print("    \(pair[0]) = \(pair[1])") }
                print(
                    "  counts: "
                        + service.counts.sorted(by: { $0.key < $1.key }).map { "\($0.key) \($0.value)" }
                        .joined(separator: ", "))
                for port in service.ports {
                    print(
                        "  \(port.kind) \(port.id)  node \(port.node) (\(port.nodeName ?? "?"), pid "
                            + "\(port.pid.map(String.init) ?? "?"))")
                }
            }
        }
    }
}
