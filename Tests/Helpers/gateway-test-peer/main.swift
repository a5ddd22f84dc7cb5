// The peer processes of the gateway's two-host test and benchmark: a service of a chosen request type that stands
// in for a mismatched twin, and a ping server and client that time round trips.
//
//   gateway-test-peer twin NAME u64|i32 SECONDS     creates NAME (request u64 or i32, response u64) with a server
//                                                   (u64) or without (i32), holds it SECONDS, exits
//   gateway-test-peer wait-client NAME SECONDS      sends one u64 request, prints CONNECTED while a server holds it
//                                                   and DISCONNECTED once none does (the server or its mirror went)
//   gateway-test-peer ping-server NAME SECONDS      answers every u64 request with the same value
//   gateway-test-peer ping-client NAME COUNT TIMEOUT  sends COUNT requests one after another; prints the median and
//                                                   p90 round trip in microseconds
import Glibc
import ZeroCopyIPC

func say(_ line: String) {
    print(line)
    fflush(nil)
}

func fail(_ message: String) -> Never {
    say("error: \(message)")
    exit(1)
}

let arguments = CommandLine.arguments
guard arguments.count >= 4 else { fail("usage: see the comment at the top of main.swift") }
let name = arguments[2]

func run() throws {
    let node = try NodeBuilder().name("gateway-test-peer").create()
    let serviceName = try ServiceName(name)
    switch arguments[1] {
    case "twin":
        let seconds = Double(arguments[4]) ?? 5
        if arguments[3] == "i32" {
            let service = try node.serviceBuilder(serviceName).requestResponse(Int32.self, UInt64.self).create()
            say("READY")
            try? node.wait(.milliseconds(Int(seconds * 1000)))
            _ = service
        } else {
            let service = try node.serviceBuilder(serviceName).requestResponse(UInt64.self, UInt64.self).create()
            let server = try service.serverBuilder().create()
            say("READY")
            try? node.wait(.milliseconds(Int(seconds * 1000)))
            withExtendedLifetime((service, server)) {}
        }
    case "wait-client":
        let end = ContinuousClock.now + .milliseconds(Int((Double(arguments[3]) ?? 10) * 1000))
        let service = try node.serviceBuilder(serviceName).requestResponse(UInt64.self, UInt64.self).open()
        let client = try service.clientBuilder().create()
        while service.numberOfServers == 0 && ContinuousClock.now < end { try? node.wait(.milliseconds(10)) }
        let pending = try client.sendCopy(1)
        while !pending.isConnected && ContinuousClock.now < end { try? node.wait(.milliseconds(10)) }
        guard pending.isConnected else { fail("no server took the request") }
        say("CONNECTED")
        while pending.isConnected && ContinuousClock.now < end { try? node.wait(.milliseconds(10)) }
        guard !pending.isConnected else { fail("the pending response stayed connected") }
        say("DISCONNECTED")
    case "ping-server":
        let end = ContinuousClock.now + .milliseconds(Int((Double(arguments[3]) ?? 5) * 1000))
        let service = try node.serviceBuilder(serviceName).requestResponse(UInt64.self, UInt64.self).openOrCreate()
        let server = try service.serverBuilder().create()
        say("READY")
        while ContinuousClock.now < end, (try? node.wait(.zero)) != nil {
            // The blocking form (a brief spin, then a futex): on two CPUs shared with two gateways, a busy-polling
            // peer would take the CPU the gateways and Cyclone's threads need.
            if let request = server.receive(timeout: .milliseconds(100)) { try request.sendCopy(request.payload) }
        }
    case "ping-client":
        let count = Int(arguments[3]) ?? 1000
        let end = ContinuousClock.now + .milliseconds(Int((Double(arguments.count > 4 ? arguments[4] : "20") ?? 20) * 1000))
        let service = try node.serviceBuilder(serviceName).requestResponse(UInt64.self, UInt64.self).openOrCreate()
        let client = try service.clientBuilder().create()
        while service.numberOfServers == 0 && ContinuousClock.now < end { try? node.wait(.milliseconds(10)) }
        var samples: [Duration] = []
        // 100 untimed round trips first: the first requests of a fresh mirror also pay for connecting.
        for value in 0..<UInt64(count + 100) {
            let start = ContinuousClock.now
            let pending = try client.sendCopy(value)
            var answered = false
            while !answered && ContinuousClock.now < end {
                if let response = try pending.receive(timeout: .milliseconds(100)) {
                    guard response.payload == value else { fail("response \(response.payload) to request \(value)") }
                    answered = true
                }
            }
            guard answered else { fail("no response to request \(value) within the timeout") }
            if value >= 100 { samples.append(ContinuousClock.now - start) }
        }
        let sorted = samples.map { Double($0.components.attoseconds) / 1e12 + Double($0.components.seconds) * 1e6 }
            .sorted()
        say("round trips \(count) median_us \(sorted[count / 2]) p90_us \(sorted[count * 9 / 10])")
    default:
        fail("unknown mode \(arguments[1])")
    }
}

do {
    try run()
} catch {
    fail("\(error)")
}
