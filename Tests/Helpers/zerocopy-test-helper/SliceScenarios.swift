import Glibc
import ZeroCopyIPC

func openBytesService(_ node: Node, _ options: Options) -> BytesService {
    do {
        return try node.serviceBuilder(ServiceName(options.service)).requestResponse([UInt8].self, [UInt8].self)
            .openOrCreate()
    } catch {
        fail("open service: \(error)")
    }
}

/// Checks every byte of each slice request and answers with a slice of the same length, growing its memory.
func runSliceServer(_ options: Options) {
    let node = makeNode(options, "slice-server")
    let service = openBytesService(node, options)
    let server: Server<[UInt8], [UInt8]>
    do {
        server = try service.serverBuilder().initialMaxSliceLen(options.int("initial", 1))
            .allocationStrategy(options.strategy).create()
    } catch {
        fail("server: \(error)")
    }
    say("READY")
    var maxSegments = 0
    for served in 0..<options.int("count", 1) {
        guard let request = server.receive(timeout: .seconds(120)) else { fail("no request after \(served)") }
        let bytes = request.payload
        let sequence = bytes.count / options.int("scale", 32) - 1
        for index in 0..<bytes.count where bytes[index] != pattern(sequence, index) {
            fail("request \(sequence) byte \(index) is \(bytes[index])")
        }
        do {
            try request.loanSliceUninit(bytes.count).initialize { pattern(sequence + 1000, $0) }.send()
        } catch {
            fail("respond \(sequence): \(error)")
        }
        maxSegments = max(maxSegments, server.numberOfDataSegments)
    }
    say("SERVER-SEGMENTS \(maxSegments) NOW \(server.numberOfDataSegments) MAXLEN \(server.currentMaxSliceLen)")
    waitFor("clients to leave") { service.numberOfClients == 0 }
}

/// Sends `--count` slice requests of `--scale` (32), 2 × scale, … bytes and checks every byte of each response.
func runSliceClient(_ options: Options) {
    let node = makeNode(options, "slice-client")
    let service = openBytesService(node, options)
    let client: Client<[UInt8], [UInt8]>
    do {
        client = try service.clientBuilder().initialMaxSliceLen(options.int("initial", 1))
            .allocationStrategy(options.strategy).create()
    } catch {
        fail("client: \(error)")
    }
    waitFor("a server") { service.numberOfServers >= 1 }
    var maxSegments = 0
    for sequence in 0..<options.int("count", 1) {
        let length = options.int("scale", 32) * (sequence + 1)
        do {
            let pending = try client.loanSliceUninit(length).initialize { pattern(sequence, $0) }.send()
            guard let response = try pending.receive(timeout: .seconds(120)) else { fail("no response \(sequence)") }
            let bytes = response.payload
            guard bytes.count == length else { fail("response \(sequence) has \(bytes.count) bytes") }
            for index in 0..<length where bytes[index] != pattern(sequence + 1000, index) {
                fail("response \(sequence) byte \(index) is \(bytes[index])")
            }
        } catch {
            fail("request \(sequence): \(error)")
        }
        maxSegments = max(maxSegments, client.numberOfDataSegments)
    }
    say("CLIENT-SEGMENTS \(maxSegments) NOW \(client.numberOfDataSegments) MAXLEN \(client.currentMaxSliceLen)")
    say("OK")
}

/// In one process: a server grows its response memory while the client still holds a response in the old segment;
/// the client drops everything and leaves before the server took the returns, so the server gets the old segment's
/// last chunk back when it notices the departure and removes the segment. Prints `SEGMENTS n` after that (1: the
/// old one is gone) and `DONE`.
func runRetireOnDisconnect(_ options: Options) {
    let node = makeNode(options, "retire-on-disconnect")
    do {
        let service = try node.serviceBuilder(ServiceName(options.service))
            .requestResponse([UInt8].self, [UInt8].self).openOrCreate()
        let server = try service.serverBuilder().initialMaxSliceLen(8).allocationStrategy(.powerOfTwo).create()
        var client: Client<[UInt8], [UInt8]>? = try service.clientBuilder().create()
        let first = try client!.sendCopy([1])
        guard let small = server.receive() else { fail("no first request") }
        try small.sendCopy([UInt8](repeating: 1, count: 8))
        _ = consume small
        guard let held = try first.receive() else { fail("no first response") }
        let second = try client!.sendCopy([2])
        guard let large = server.receive() else { fail("no second request") }
        try large.sendCopy([UInt8](repeating: 2, count: 4096))  // grows: the first response keeps the old segment
        _ = consume large
        guard let last = try second.receive() else { fail("no second response") }
        say("SEGMENTS-BEFORE \(server.numberOfDataSegments)")
        _ = consume held
        _ = consume last
        _ = consume first
        _ = consume second
        client = nil
        _ = server.receive()  // notices the departure: the returns it never took come back at once
        say("SEGMENTS \(server.numberOfDataSegments)")
    } catch {
        fail("\(error)")
    }
    say("DONE")
}
