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
        #expect(Array(request.payload) == [1, 2, 3])
        try request.sendCopy([Golden_Imported_Point(x: 1, y: 2), Golden_Imported_Point(x: 3, y: 4)])
        guard let response = try pending.receive() else {
            Issue.record("the client received no response")
            return
        }
        #expect(Array(response.payload) == [Golden_Imported_Point(x: 1, y: 2), Golden_Imported_Point(x: 3, y: 4)])
    }
}
