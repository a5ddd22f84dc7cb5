import Glibc
import IPCPlatform
import Testing
import ZeroCopyIPC
import ZeroCopyIPCGateway

/// A private prefix and root folder: one "host" of shared memory inside the test process. Whatever the test leaves
/// is removed when the host goes, also when the test fails before ``finish()``.
final class TestHost {
    let prefix: String
    let root: String

    init(_ label: String) {
        let tag = String(UInt32.random(in: .min ... .max), radix: 16)
        prefix = "zgt\(label)\(tag)_"
        root = "/tmp/zgtroot\(label)\(tag)"
        mkdir(root, 0o700)
    }

    deinit { removeEverything() }

    var config: Config { Config(rootPath: root, prefix: prefix) }

    func node(_ name: String) throws -> Node { try NodeBuilder().name(name).config(config).create() }

    var leftovers: [String] {
        SharedMemoryMapping.list(prefix: prefix).map { "/dev/shm/\($0)" } + listDirectory(root).map { "\(root)/\($0)" }
    }

    func removeEverything() {
        for name in SharedMemoryMapping.list(prefix: prefix) { SharedMemoryMapping.unlink(name: name) }
        for file in listDirectory(root) { unlink("\(root)/\(file)") }
        rmdir(root)
    }
}

/// Two hosts joined by an in-memory transport, a gateway on each, stepped by the test itself.
final class TwoHosts {
    let a = TestHost("a")
    let b = TestHost("b")
    let bus = InMemoryBus()
    var transportA: InMemoryTransport
    var transportB: InMemoryTransport
    var gatewayA: Gateway?
    var gatewayB: Gateway?
    var events: [String] = []

    init(allow: [String] = [], deny: [String] = []) throws {
        transportA = bus.makeTransport()
        transportB = bus.makeTransport()
        gatewayA = try Gateway(
            config: a.config, options: Self.options("host-a", allow, deny), transport: transportA,
            events: { [unowned self] in events.append("A: \($0)") })
        gatewayB = try Gateway(
            config: b.config, options: Self.options("host-b", allow, deny), transport: transportB,
            events: { [unowned self] in events.append("B: \($0)") })
    }

    static func options(_ host: String, _ allow: [String], _ deny: [String]) -> GatewayOptions {
        var options = GatewayOptions(hostName: host, allow: allow, deny: deny)
        options.scanInterval = .milliseconds(5)
        options.probeInterval = .milliseconds(20)
        return options
    }

    /// Steps both gateways until `condition` holds, at most 5 s; returns whether it held.
    @discardableResult
    func run(until condition: () -> Bool) -> Bool {
        let end = ContinuousClock.now + .seconds(5)
        while ContinuousClock.now < end {
            gatewayA?.step()
            gatewayB?.step()
            if condition() { return true }
        }
        return false
    }

    /// Steps both gateways for a few rounds, so that what is in flight arrives.
    func settle() {
        for _ in 0..<20 {
            gatewayA?.step()
            gatewayB?.step()
        }
    }

    func sawEvent(_ text: String) -> Bool { events.contains { $0.contains(text) } }

    /// Stops both gateways, then expects nothing left on either host.
    func finish(sourceLocation: SourceLocation = #_sourceLocation) {
        gatewayA?.shutdown()
        gatewayB?.shutdown()
        gatewayA = nil
        gatewayB = nil
        #expect(a.leftovers == [], "left behind on host a", sourceLocation: sourceLocation)
        #expect(b.leftovers == [], "left behind on host b", sourceLocation: sourceLocation)
    }
}
