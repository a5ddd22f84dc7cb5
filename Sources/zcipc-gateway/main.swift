// zcipc-gateway: carries request-response and publish-subscribe services between hosts over Eclipse Cyclone DDS.
// See docs/gateway.md.
import ArgumentParser
import Glibc
import Synchronization
import ZeroCopyIPC
import ZeroCopyIPCGateway
import ZeroCopyIPCGatewayCyclone

/// Set by SIGTERM and SIGINT: the loop ends, announcements are withdrawn, the process exits 0.
let stopRequested = Atomic<Bool>(false)

struct GatewayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zcipc-gateway",
        abstract: "Carry request-response and publish-subscribe services to other hosts over Cyclone DDS.",
        discussion: """
            Announces every carried service that has a real server or publisher on this host, and mirrors the \
            services other hosts announce (after a probe over the data path answered), refusing those whose local \
            twin differs. Prints one line per event: announced, mirrored, refused (with the differing fields), \
            withdrawn. Flags override the [gateway] section of the config file. SIGTERM or Ctrl-C withdraws every \
            announcement and exits 0.
            """)

    @Option(help: "A config file, also read for its [gateway] section (default: discovered as the library does).")
    var config: String?
    @Option(help: "Overrides the config's root folder (global.root-path).") var root: String?
    @Option(help: "Overrides the config's prefix (global.prefix).") var prefix: String?
    @Option(help: "A glob of service names to carry (repeatable; default: all).") var allow: [String] = []
    @Option(help: "A glob of service names never to carry (repeatable; wins over --allow).") var deny: [String] = []
    @Option(help: "The DDS domain id.") var domain: UInt32?
    @Option(help: "The DDS partition.") var partition: String?
    @Option(help: "The network interface, by name or address.") var interface: String?
    @Option(help: "A unicast peer address (repeatable).") var peer: [String] = []
    @Flag(help: "Allow multicast (off unless asked for).") var multicast = false
    @Option(help: "The liveliness lease in seconds: how soon a dead gateway's mirrors go.") var lease: Double?
    @Option(help: "This host's name, as other gateways print it (default: the host name).") var hostName: String?
    @Option(help: "How long to keep polling without waiting after activity, in microseconds.") var spin: Int = 0
    @Option(help: "Exit after this many seconds (for tests; default: run until SIGTERM).") var runFor: Double?

    func validate() throws {
        if let lease, !(lease > 0) { throw ValidationError("--lease must be a number of seconds above 0") }
        if spin < 0 { throw ValidationError("--spin must be 0 or more microseconds") }
    }

    func run() throws {
        var libraryConfig: Config
        var options = GatewayOptions(hostName: hostName ?? Self.systemHostName)
        var dds = CycloneSettings()
        do {
            // The [gateway] section is read from the same file as the library's settings: --config, or the one
            // the library finds by itself (ZEROCOPYIPC_CONFIG, ./config, ~/.config, /etc).
            if let file = config ?? GatewayConfigFile.discoveredPath() {
                libraryConfig = try Config.load(from: file)
                let text = try String(contentsOfFile: file, encoding: .utf8)
                try GatewayConfigFile.apply(text, file: file, to: &options, &dds)
            } else {
                libraryConfig = Config()
            }
        } catch {
            throw ValidationError("\(error)")
        }
        if let root { libraryConfig.rootPath = root }
        if let prefix { libraryConfig.prefix = prefix }
        if !allow.isEmpty { options.allow = allow }
        if !deny.isEmpty { options.deny = deny }
        if let domain { dds.domain = domain }
        if let partition { dds.partition = partition }
        if let interface { dds.interface = interface }
        if !peer.isEmpty { dds.peers = peer }
        if multicast { dds.multicast = true }
        if let lease { dds.lease = .milliseconds(Int(lease * 1000)) }
        if let hostName { options.hostName = hostName }

        signal(SIGTERM) { _ in stopRequested.store(true, ordering: .relaxed) }
        signal(SIGINT) { _ in stopRequested.store(true, ordering: .relaxed) }
        signal(SIGPIPE, SIG_IGN)

        let transport = try CycloneTransport(settings: dds)
        let gateway = try Gateway(config: libraryConfig, options: options, transport: transport) { event in
            Self.say(event.description)
        }
        Self.say(
            "gateway \(String(gateway.id, radix: 16)) on host \(options.hostName): domain \(dds.domain), "
                + "peers \(dds.peers), multicast \(dds.multicast ? "on" : "off"), lease \(dds.lease)")
        let end = runFor.map { ContinuousClock.now + .milliseconds(Int($0 * 1000)) }
        let spinFor = Duration.microseconds(spin)
        var lastActivity = ContinuousClock.now
        while !stopRequested.load(ordering: .relaxed) {
            let now = ContinuousClock.now
            if let end, now >= end { break }
            // Once quiet, a step sleeps in the gateway's WaitSet, which wakes at once when a proxy port receives or a
            // frame arrives; the 50 ms bound is for what no port wakes for (a client that dropped its pending
            // response) and the scans. --spin keeps polling for a while after activity instead.
            let quiet = now - lastActivity >= spinFor
            if gateway.step(timeout: quiet ? .milliseconds(50) : .zero) > 0 { lastActivity = ContinuousClock.now }
        }
        gateway.shutdown()
        Self.say("stopped")
        withExtendedLifetime(transport) {}
    }

    static var systemHostName: String {
        var buffer = [CChar](repeating: 0, count: 256)
        gethostname(&buffer, buffer.count)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func say(_ line: String) {
        print(line)
        fflush(nil)
    }
}

GatewayCommand.main()
