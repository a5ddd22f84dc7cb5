import Testing
import ZeroCopyIPC
import ZeroCopyIPCGateway
import ZeroCopyIPCGatewayCyclone

@Suite("The [gateway] section of the config file")
struct ConfigFileTests {
    static let text = """
        [global]
        prefix = "lab_"

        [gateway]
        allow = ["planner/*", "My/*"]
        deny = ["planner/private*"]
        domain = 7
        partition = "lab"
        interface = "10.0.0.1"
        peers = ["10.0.0.2", "10.0.0.3"]
        multicast = true
        lease-seconds = 2.5
        host-name = "robot"
        """

    @Test("every key is read, and the library's own parser accepts the section")
    func everyKey() throws {
        var options = GatewayOptions(hostName: "default")
        var dds = CycloneSettings()
        try GatewayConfigFile.apply(Self.text, file: "gw.toml", to: &options, &dds)
        #expect(options.allow == ["planner/*", "My/*"])
        #expect(options.deny == ["planner/private*"])
        #expect(options.hostName == "robot")
        #expect(dds.domain == 7 && dds.partition == "lab" && dds.interface == "10.0.0.1")
        #expect(dds.peers == ["10.0.0.2", "10.0.0.3"] && dds.multicast)
        #expect(dds.lease == .milliseconds(2500))
        #expect(try Config.parse(Self.text).prefix == "lab_")
    }

    @Test("the DDS configuration keeps multicast off and lists the unicast peers")
    func configXML() {
        var dds = CycloneSettings()
        dds.peers = ["10.0.0.2"]
        dds.interface = "veth0"
        #expect(dds.configXML.contains("<AllowMulticast>false</AllowMulticast>"))
        #expect(dds.configXML.contains("<Peer Address=\"10.0.0.2\"/>"))
        #expect(dds.configXML.contains("<NetworkInterface name=\"veth0\"/>"))
        #expect(dds.configXML.contains("<LeaseDuration>3000 ms</LeaseDuration>"))
    }

    @Test("mistakes name the file, the key and what it must be")
    func mistakes() {
        var options = GatewayOptions(hostName: "h")
        var dds = CycloneSettings()
        #expect(throws: GatewayConfigError.self) {
            try GatewayConfigFile.apply("[gateway]\nallow = \"x\"\n", file: "gw.toml", to: &options, &dds)
        }
        do {
            try GatewayConfigFile.apply("[gateway]\npeer = [\"a\"]\n", file: "gw.toml", to: &options, &dds)
            Issue.record("an unknown key was accepted")
        } catch {
            #expect(error.description.contains("gw.toml: unknown key gateway.peer"))
        }
        do {
            try GatewayConfigFile.apply("[gateway]\ndomain = 999\n", file: "gw.toml", to: &options, &dds)
            Issue.record("domain 999 was accepted")
        } catch {
            #expect(error.description.contains("gateway.domain must be a DDS domain id from 0 to 232"))
        }
    }
}
