import Testing
import ZeroCopyIPC
import ZeroCopyIPCGateway

@Suite("Gateway frames, announcements and refusals")
struct FrameAndAnnouncementTests {
    @Test("a frame survives encoding, and every header field is read back")
    func frameRoundTrip() throws {
        for kind in GatewayFrame.Kind.allCases {
            let frame = GatewayFrame(
                kind: kind, source: 0xfeed_beef_0000_0001, service: "My/Funk/ServiceName", correlation: 42,
                sequence: 7, elementCount: 3, userHeader: [1, 2], payload: Array(0..<24), endsStream: kind == .response)
            #expect(try GatewayFrame(decoding: frame.encoded) == frame)
        }
    }

    @Test("bytes that are no frame of this wire version are refused with a typed error")
    func frameErrors() {
        let frame = GatewayFrame(kind: .request, source: 1, service: "s", payload: [1, 2, 3])
        var bytes = frame.encoded
        #expect(throws: GatewayFrameError.tooShort(3)) { try GatewayFrame(decoding: bytes.prefix(3)) }
        #expect(throws: GatewayFrameError.lengthMismatch(declared: bytes.count, actual: bytes.count - 1)) {
            try GatewayFrame(decoding: bytes.dropLast())
        }
        bytes[4] = 9
        #expect(throws: GatewayFrameError.wireVersion(9)) { try GatewayFrame(decoding: bytes) }
        bytes = frame.encoded
        bytes[6] = 99
        #expect(throws: GatewayFrameError.unknownKind(99)) { try GatewayFrame(decoding: bytes) }
        bytes[0] = 0
        #expect(throws: GatewayFrameError.notAFrame) { try GatewayFrame(decoding: bytes) }
    }

    @Test("the element count is checked against the payload's bytes")
    func elementCount() throws {
        let frame = GatewayFrame(kind: .response, source: 1, service: "s", elementCount: 3, payload: Array(repeating: 0, count: 24))
        try frame.checkElements(size: 8)
        #expect(throws: GatewayFrameError.elementCountMismatch(service: "s", count: 3, elementSize: 4, bytes: 24)) {
            try frame.checkElements(size: 4)
        }
    }

    static func announcement(of host: TestHost, _ name: String) throws -> (Announcement, RequestResponseService<UInt64, [Int32]>) {
        let node = try host.node("maker")
        let service = try node.serviceBuilder(try ServiceName(name)).requestResponse(UInt64.self, [Int32].self)
            .maxClients(3).createWithAttributes(AttributeSpecifier().define(key: "owner", value: "tests"))
        let text = try #require(Service.snapshots(config: host.config).first { $0.name == name }?.staticConfigText)
        return (Announcement(gateway: 0xabc, host: "host-a", role: .server, staticConfigText: text), service)
    }

    @Test("an announcement carries the full static config and is read back")
    func announcementRoundTrip() throws {
        let host = TestHost("n")
        let (announcement, service) = try Self.announcement(of: host, "gw/announce")
        let parsed = try Announcement(parsing: announcement.text)
        #expect(parsed == announcement)
        #expect(parsed.serviceName == "gw/announce")
        #expect(parsed.pattern == .requestResponse)
        #expect(parsed.abi == Announcement.currentABI)
        let config = try #require(parsed.requestResponse)
        #expect(config == service.staticConfig)
        #expect(config.limits.maxClients == 3)
        #expect(config.attributes == [Attribute(key: "owner", value: "tests")])
        _ = consume service
        #expect(host.leftovers == [])
    }

    @Test("broken announcements name what is wrong")
    func announcementErrors() {
        #expect(throws: AnnouncementError.notAnAnnouncement) { try Announcement(parsing: "hello") }
        #expect(throws: AnnouncementError.missing("the '---' line")) {
            try Announcement(parsing: "zcipc-gateway-announcement\nwire-version=1")
        }
        let noHost = "zcipc-gateway-announcement\nwire-version=1\nabi=x\ngateway=1\nrole=server\n---\npattern=request-response"
        #expect(throws: AnnouncementError.missing("host")) { try Announcement(parsing: noHost) }
        let wrongPattern = "zcipc-gateway-announcement\nwire-version=1\nabi=x\ngateway=1\nhost=h\nrole=server\n---\npattern=publish-subscribe\nname=s"
        #expect(throws: AnnouncementError.staticConfigUnreadable(role: "server", service: "s")) {
            try Announcement(parsing: wrongPattern)
        }
    }

    @Test("refusal names every differing field: types, limits, attributes, ABI and wire version")
    func refusal() throws {
        let a = TestHost("r")
        let b = TestHost("s")
        let (announcement, service) = try Self.announcement(of: a, "gw/refuse")
        #expect(Compatibility.differences(announcement, localTwin: nil).isEmpty)
        #expect(Compatibility.differences(announcement, localTwin: announcement.staticConfigText).isEmpty)

        let twin = try b.node("twin").serviceBuilder(try ServiceName("gw/refuse")).requestResponse(Int32.self, [Int32].self)
            .maxClients(5).create()
        let text = try #require(Service.snapshots(config: b.config).first?.staticConfigText)
        let differences = Compatibility.differences(announcement, localTwin: text)
        let fields = differences.map(\.field)
        #expect(fields.contains("request.type"))
        #expect(fields.contains("request.size"))
        #expect(fields.contains("request.fingerprint"))
        #expect(fields.contains("max-clients"))
        #expect(fields.contains("attributes"))
        let typeLine = try #require(differences.first { $0.field == "request.type" })
        #expect(typeLine.description == "request.type: 'i32' here, 'u64' there")

        var foreign = announcement
        foreign.abi = "sparc-32bit-big-endian"
        foreign.wireVersion = GatewayFrame.wireVersion + 1
        #expect(Compatibility.differences(foreign, localTwin: nil).map(\.field) == ["wire-version", "abi"])
        _ = consume twin
        _ = consume service
        #expect(a.leftovers == [] && b.leftovers == [])
    }

    @Test("allow and deny globs decide which services are carried; deny wins")
    func globs() {
        #expect(Glob.matches("camera/*", "camera/front/frames"))
        #expect(Glob.matches("c?m*", "camera"))
        #expect(!Glob.matches("camera/*", "lidar/points"))
        let options = GatewayOptions(hostName: "h", allow: ["camera/*", "My/*"], deny: ["camera/private*"])
        #expect(options.carries("camera/front"))
        #expect(!options.carries("camera/private/x"))
        #expect(!options.carries("lidar"))
        #expect(GatewayOptions(hostName: "h").carries("anything"))
    }
}
