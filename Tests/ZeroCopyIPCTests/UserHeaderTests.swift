import Testing
import ZeroCopyIPC

struct Stamp: ZeroCopySend, Equatable {
    static var typeName: String { "test.Stamp" }
    var sequence: UInt32
    var flags: UInt32
}

@Suite struct UserHeaderTests {
    @Test func userHeadersTravelWithRequestsAndResponsesAndArePartOfTheType() throws {
        let bed = TestBed()
        do {
            let node = try NodeBuilder().config(bed.config).create()
            let name = try ServiceName("local/headers")
            let service = try node.serviceBuilder(name).requestResponse(Sample.self, [UInt8].self)
                .requestUserHeader(Stamp.self).responseUserHeader(UInt64.self).create()
            #expect(throws: ServiceOpenError.self) {
                _ = try node.serviceBuilder(name).requestResponse(Sample.self, [UInt8].self).open()
            }
            let client = try service.clientBuilder().create()
            let server = try service.serverBuilder().initialMaxSliceLen(8).create()
            let request = try client.loan()
            #expect(request.userHeader(as: UInt64.self) == nil)
            request.withUserHeader(as: Stamp.self) { $0 = Stamp(sequence: 7, flags: 3) }
            request.payload = Sample(value: 99)
            let pending = try request.send()
            guard let active = server.receive() else {
                Issue.record("no request")
                return
            }
            let stamp = active.userHeader(as: Stamp.self)
            #expect(stamp == Stamp(sequence: 7, flags: 3))
            var response = try active.loanSlice(8)
            response.withUserHeader(as: UInt64.self) { $0 = 0xfeed }
            var elements = response.payload
            for index in 0..<8 { elements[index] = UInt8(index) }
            try response.send()
            guard let answer = try pending.receive() else {
                Issue.record("no response")
                return
            }
            let header = answer.userHeader(as: UInt64.self)
            #expect(header == 0xfeed)
            let bytes = answer.copyPayload()
            #expect(bytes == [0, 1, 2, 3, 4, 5, 6, 7])
        }
        bed.finish()
    }
}
