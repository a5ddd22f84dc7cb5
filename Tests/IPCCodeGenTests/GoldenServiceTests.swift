import GoldenDefinitions
import Testing
import ZeroCopyIPC

/// The golden definitions, compiled through the plugin, work against the runtime: the generated service accessors
/// create, open and carry typed and slice payloads.
@Suite("Golden services against the runtime")
struct GoldenServiceTests {
    static func config() -> Config {
        Config(rootPath: "/tmp", prefix: "zcgold\(String(UInt32.random(in: .min ... .max), radix: 16))_")
    }

    @Test func typedServiceCarriesTheGeneratedStruct() throws {
        let node = try NodeBuilder().name("golden").config(Self.config()).create()
        let service = try Golden_Features_GoldenTyped.create(on: node)
        let opened = try Golden_Features_GoldenTyped.open(on: node)
        #expect(opened.name == "golden/typed")
        let server = try service.serverBuilder().create()
        let client = try opened.clientBuilder().create()

        var everything = Golden_Features_Everything(flag: true, word: 42, name: "hi", class: 7)
        try everything.values.append(3)
        everything.grid[1][2] = -4
        let pending = try client.sendCopy(everything)
        guard let request = server.receive() else {
            Issue.record("the server received no request")
            return
        }
        #expect(request.payload == everything)
        try request.sendCopy(Golden_Features_Direction.forward)
        guard let response = try pending.receive() else {
            Issue.record("the client received no response")
            return
        }
        #expect(response.payload == Golden_Features_Direction.forward)
    }

    @Test func sliceServiceCarriesSlicesOfGeneratedStructs() throws {
        let node = try NodeBuilder().name("golden").config(Self.config()).create()
        let service = try Golden_Features_SliceService.openOrCreate(on: node)
        let server = try service.serverBuilder().initialMaxSliceLen(4).create()
        let client = try service.clientBuilder().initialMaxSliceLen(8).create()

        let pending = try client.sendCopy([1, 2, 3] as [UInt8])
        guard let request = server.receive() else {
            Issue.record("the server received no request")
            return
        }
        #expect(request.copyPayload() == [1, 2, 3])
        try request.sendCopy([Golden_Imported_Point(x: 1, y: 2), Golden_Imported_Point(x: 3, y: 4)])
        guard let response = try pending.receive() else {
            Issue.record("the client received no response")
            return
        }
        #expect(response.copyPayload() == [Golden_Imported_Point(x: 1, y: 2), Golden_Imported_Point(x: 3, y: 4)])
    }

    @Test func userHeadersDeclaredInTheDefinitionTravelWithRequestsAndResponses() throws {
        let node = try NodeBuilder().name("golden").config(Self.config()).create()
        let service = try Golden_Features_Configure.create(on: node)
        let server = try service.serverBuilder().create()
        let client = try Golden_Features_Configure.open(on: node).clientBuilder().create()

        var settings = Golden_Features_Settings()
        #expect(settings.rate == 30 && settings.count == 34 && settings.access == [.read, .write])
        #expect(settings.label.stringValue == "front" && settings.limit.value == 5 && settings.mode == .forward)
        settings.shape = .cells([1, 2, 3])
        settings.spare.value = Golden_Features_Aligned(a: 9)
        let request = try client.loan()
        request.payload = settings
        request.withUserHeader(as: Golden_Features_Configure.RequestHeader.self) { $0 = [.execute] }
        let pending = try request.send()
        guard let active = server.receive() else {
            Issue.record("the server received no request")
            return
        }
        #expect(active.payload == settings)
        #expect(active.userHeader(as: Golden_Features_Configure.RequestHeader.self) == [.execute])
        guard case .cells(let cells) = active.payload.shape.value else {
            Issue.record("expected cells")
            return
        }
        #expect(cells[2] == 3 && active.payload.spare.value?.a == 9)
        let response = try active.loan()
        response.payload = 1
        response.withUserHeader(as: Golden_Features_Configure.ResponseHeader.self) { $0 = 0xfeed }
        try response.send()
        guard let answer = try pending.receive() else {
            Issue.record("the client received no response")
            return
        }
        #expect(answer.payload == 1)
        #expect(answer.userHeader(as: Golden_Features_Configure.ResponseHeader.self) == 0xfeed)
    }
}
