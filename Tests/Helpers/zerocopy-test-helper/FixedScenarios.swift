import CMallocCounter
import Glibc
import ZeroCopyIPC

/// Serves `--count` requests, answering each with `--responses` responses (a stream), then waits for its clients
/// to leave so that they can still read the responses.
func runServer(_ options: Options) {
    let node = makeNode(options, "server")
    let service = openPingService(node, options)
    let server: Server<Ping, Pong>
    do { server = try service.serverBuilder().create() } catch { fail("server: \(error)") }
    say("READY \(server.id)")
    let count = options.int("count", 1)
    let responses = options.int("responses", 1)
    let countAfter = options.int("count-allocs-after", -1)
    var served = 0
    while served < count {
        if served == countAfter { cipc_test_count_allocations(1) }
        if options.int("spin", 0) == 1 {
            while !server.hasRequests {}  // busy polling, for latency measurements
        }
        guard let request = server.receive(timeout: .seconds(120)) else { fail("no request after \(served)") }
        for index in 0..<responses {
            do {
                let response = try request.loan()
                response.payload = Pong(value: request.payload.value &* 2, index: UInt64(index))
                try response.send()
            } catch {
                fail("respond: \(error)")
            }
        }
        served += 1
    }
    cipc_test_count_allocations(0)
    if countAfter >= 0 { say("ALLOCS \(cipc_test_allocation_count())") }
    say("SERVED \(served)")
    waitFor("clients to leave") { service.numberOfClients == 0 }
}

/// Sends `--requests` requests tagged `--tag` and checks that exactly `--servers` × `--responses` responses come
/// back for each, all answering its own request, in stream order per server.
func runClient(_ options: Options) {
    let node = makeNode(options, "client")
    let service = openPingService(node, options)
    let client: Client<Ping, Pong>
    do { client = try service.clientBuilder().create() } catch { fail("client: \(error)") }
    let servers = options.int("servers", 1)
    let responses = options.int("responses", 1)
    let tag = UInt64(options.int("tag", 1))
    waitFor("\(servers) servers") { service.numberOfServers >= servers }
    var origins = Set<UInt64>()
    for index in 0..<options.int("requests", 1) {
        let value = tag * 1_000_000 + UInt64(index)
        do {
            let pending = try client.sendCopy(Ping(value: value, client: UInt32(tag)))
            var next = [UInt64: UInt64]()
            for _ in 0..<(servers * responses) {
                guard let response = try pending.receive(timeout: .seconds(120)) else {
                    fail("missing response for request \(index)")
                }
                let answer = response.payload.value  // read once: a second read must not hide what the first saw
                guard answer == value * 2 else {
                    fail("request \(value) got response \(answer) (id \(response.header.requestId)): not its own")
                }
                guard response.payload.index == next[response.origin, default: 0] else {
                    fail("stream out of order: \(response.payload.index)")
                }
                next[response.origin, default: 0] += 1
                origins.insert(response.origin)
            }
        } catch {
            fail("request \(index): \(error)")
        }
    }
    say("ORIGINS \(origins.count)")
    say("OK")
}

/// Receives one request and keeps it until killed.
func runHoldServer(_ options: Options) {
    let node = makeNode(options, "hold-server")
    let service = openPingService(node, options)
    let server: Server<Ping, Pong>
    do { server = try service.serverBuilder().create() } catch { fail("server: \(error)") }
    say("READY")
    guard let request = server.receive(timeout: .seconds(120)) else { fail("no request") }
    say("HOLDING \(request.header.requestId)")
    sleep(120)
    // Without this use the request could end before `sleep`: the scope ends in a call that never returns.
    _ = consume request
    fail("was not killed")
}

/// Sends a request to a server that holds it; after the server is SIGKILLed, sees the disconnect, then waits for
/// a new server and gets an answer from it.
func runCrashClient(_ options: Options) {
    let node = makeNode(options, "crash-client")
    let service = openPingService(node, options)
    let client: Client<Ping, Pong>
    do { client = try service.clientBuilder().create() } catch { fail("client: \(error)") }
    waitFor("a server") { service.numberOfServers >= 1 }
    do {
        let pending = try client.sendCopy(Ping(value: 7, client: 1))
        guard pending.isConnected else {
            fail(
                "not connected after send: \(pending.numberOfServerConnections) servers, "
                    + "service has \(service.numberOfServers); \(client.debugDescription)")
        }
        say("SENT")
        if try pending.receive(timeout: .seconds(60)) != nil { fail("unexpected response") }
        guard !pending.isConnected else { fail("still connected after the server died") }
        say("DISCONNECTED")
    } catch {
        fail("\(error)")
    }
    let deadline = ContinuousClock.now + .seconds(60)
    while ContinuousClock.now < deadline {
        guard service.numberOfServers >= 1 else {
            usleep(10_000)
            continue
        }
        do {
            let pending = try client.sendCopy(Ping(value: 21, client: 1))
            if let response = try pending.receive(timeout: .seconds(1)), response.payload.value == 42 {
                say("SERVED-AGAIN")
                return
            }
        } catch {
            fail("\(error)")
        }
    }
    fail("no new server answered")
}

/// Sends one request while the server streams more responses than the buffer holds; checks that the newest stay.
func runOverflowClient(_ options: Options) {
    let node = makeNode(options, "overflow-client")
    let service = openPingService(node, options)
    let client: Client<Ping, Pong>
    do { client = try service.clientBuilder().create() } catch { fail("client: \(error)") }
    waitFor("a server") { service.numberOfServers >= 1 }
    do {
        let pending = try client.sendCopy(Ping(value: 5, client: 1))
        waitFor("the stream to end") { !pending.isConnected }
        var indices: [UInt64] = []
        while let response = try pending.receive() { indices.append(response.payload.index) }
        say("INDICES \(indices.map(String.init).joined(separator: ","))")
    } catch {
        fail("\(error)")
    }
}

/// `--mode client-drops`: acknowledges the request, then waits until the client drops its pending response.
/// `--mode server-drops`: answers once and drops the request.
func runDisconnectServer(_ options: Options) {
    let node = makeNode(options, "disconnect-server")
    let service = openPingService(node, options)
    let server: Server<Ping, Pong>
    do { server = try service.serverBuilder().create() } catch { fail("server: \(error)") }
    say("READY")
    guard let request = server.receive(timeout: .seconds(120)) else { fail("no request") }
    do { try request.sendCopy(Pong(value: request.payload.value * 2, index: 0)) } catch { fail("\(error)") }
    if options.string("mode") == "client-drops" {
        // Plain loops: capturing a noncopyable value in a closure would forbid consuming it in the other branch.
        var polls = 0
        while !request.hasDisconnectHint {
            polls += 1
            if polls > 120_000 { fail("timed out waiting for the disconnect hint") }
            usleep(1000)
        }
        do { try request.sendCopy(Pong(value: request.payload.value * 2, index: 1)) } catch { fail("\(error)") }
        polls = 0
        while request.isConnected {
            polls += 1
            if polls > 120_000 { fail("timed out waiting for the client to drop its pending response") }
            usleep(1000)
        }
        // The client is still running (it waits for this server to leave), so the drop was what disconnected.
        say("CLIENT-DISCONNECTED")
        return
    } else {
        _ = consume request
        say("DROPPED")
    }
    waitFor("clients to leave") { service.numberOfClients == 0 }
}

/// The client half of ``runDisconnectServer(_:)``.
func runDisconnectClient(_ options: Options) {
    let node = makeNode(options, "disconnect-client")
    let service = openPingService(node, options)
    let client: Client<Ping, Pong>
    do { client = try service.clientBuilder().create() } catch { fail("client: \(error)") }
    waitFor("a server") { service.numberOfServers >= 1 }
    do {
        let pending = try client.sendCopy(Ping(value: 3, client: 1))
        guard try pending.receive(timeout: .seconds(120)) != nil else { fail("no response") }
        if options.string("mode") == "client-drops" {
            pending.setDisconnectHint()
            guard try pending.receive(timeout: .seconds(120)) != nil else { fail("no answer to the hint") }
            _ = consume pending
            say("DROPPED")
            waitFor("the server to leave") { service.numberOfServers == 0 }
        } else {
            waitFor("the server to drop the request") { !pending.isConnected }
            say("SERVER-DISCONNECTED")
        }
    } catch {
        fail("\(error)")
    }
}

/// Opens the Ping service with a different layout under the same type name.
func runOpenMismatch(_ options: Options) {
    let node = makeNode(options, "mismatch")
    let name: ServiceName
    do { name = try ServiceName(options.service) } catch { fail("\(error)") }
    waitFor("the service") { Service.doesExist(name: name, config: options.config) }
    do {
        _ = try node.serviceBuilder(name).requestResponse(PingV2.self, Pong.self).open()
        fail("opened a service with a mismatched type")
    } catch {
        guard case .incompatibleTypes = error else { fail("wrong error: \(error)") }
        say("INCOMPATIBLE \(error)")
    }
}

/// Races with other processes in `openOrCreate`, reports whether it created, and stays until all have opened.
func runRace(_ options: Options) {
    let node = makeNode(options, "race")
    let service = openPingService(node, options)
    say((service.isCreator ? "CREATED " : "OPENED ") + String(node.id, radix: 16))
    // A barrier: whoever sees every racer registered leaves a marker, so no racer leaves before all have opened.
    let marker = options.string("root") + "/race-complete"
    waitFor("all racers") {
        if service.numberOfNodes >= options.int("racers", 1) {
            close(open(marker, O_CREAT | O_WRONLY, 0o600))
            return true
        }
        return access(marker, F_OK) == 0
    }
}

/// Measures heap allocations over steady-state round trips (after a warm-up).
func runAllocationClient(_ options: Options) {
    let node = makeNode(options, "alloc-client")
    let service = openPingService(node, options)
    let client: Client<Ping, Pong>
    do { client = try service.clientBuilder().create() } catch { fail("client: \(error)") }
    waitFor("a server") { service.numberOfServers >= 1 }
    let rounds = options.int("rounds", 1000)
    for round in 0..<(2 * rounds) {
        if round == rounds { cipc_test_count_allocations(1) }
        do {
            let request = try client.loan()
            request.payload.value = UInt64(round)
            let pending = try request.send()
            guard let response = try pending.receive(timeout: .seconds(120)), response.payload.value == UInt64(round) * 2
            else { fail("round \(round) failed") }
        } catch {
            fail("\(error)")
        }
    }
    cipc_test_count_allocations(0)
    say("ALLOCS \(cipc_test_allocation_count())")
}

/// Prints the mean round-trip time of `--rounds` loan/send/receive cycles after as many warm-up rounds (for a
/// human to read; no test asserts on it).
func runLatencyClient(_ options: Options) {
    let node = makeNode(options, "latency-client")
    let service = openPingService(node, options)
    let client: Client<Ping, Pong>
    do { client = try service.clientBuilder().create() } catch { fail("client: \(error)") }
    waitFor("a server") { service.numberOfServers >= 1 }
    let rounds = options.int("rounds", 10_000)
    var start = ContinuousClock.now
    for round in 0..<(2 * rounds) {
        if round == rounds { start = ContinuousClock.now }
        do {
            let request = try client.loan()
            request.payload.value = UInt64(round)
            let pending = try request.send()
            if options.int("spin", 0) == 1 {
                while !pending.hasResponse {}  // busy polling, for latency measurements
            }
            guard let response = try pending.receive(timeout: .seconds(120)), response.payload.value == UInt64(round) * 2
            else { fail("round \(round) failed") }
        } catch {
            fail("\(error)")
        }
    }
    let elapsed = ContinuousClock.now - start
    let nanoseconds = Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9
    say("ROUNDTRIP-NS \(Int(nanoseconds / Double(rounds)))")
}

/// Client and server in one thread of one process: the software cost of a round trip without any cross-CPU
/// transfer (for a human to read; no test asserts on it).
func runLocalRoundTrip(_ options: Options) {
    let node = makeNode(options, "local")
    let service = openPingService(node, options)
    let client: Client<Ping, Pong>
    let server: Server<Ping, Pong>
    do {
        client = try service.clientBuilder().create()
        server = try service.serverBuilder().create()
    } catch {
        fail("\(error)")
    }
    let rounds = options.int("rounds", 100_000)
    var start = ContinuousClock.now
    for round in 0..<(2 * rounds) {
        if round == rounds { start = ContinuousClock.now }
        do {
            let request = try client.loan()
            request.payload.value = UInt64(round)
            let pending = try request.send()
            guard let active = server.receive() else { fail("no request") }
            let response = try active.loan()
            response.payload = Pong(value: active.payload.value &* 2, index: 0)
            try response.send()
            guard let answer = try pending.receive(), answer.payload.value == UInt64(round) * 2 else {
                fail("round \(round) failed")
            }
        } catch {
            fail("\(error)")
        }
    }
    let elapsed = ContinuousClock.now - start
    let nanoseconds = Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9
    say("LOCAL-ROUNDTRIP-NS \(Int(nanoseconds / Double(rounds)))")
}

/// Sends one request, waits for the first answer, says `ANSWERED`, and waits to be killed while its pending
/// response is alive.
func runHoldClient(_ options: Options) {
    let node = makeNode(options, "hold-client")
    let service = openPingService(node, options)
    let client: Client<Ping, Pong>
    do { client = try service.clientBuilder().create() } catch { fail("client: \(error)") }
    waitFor("a server") { service.numberOfServers >= 1 }
    do {
        let pending = try client.sendCopy(Ping(value: 11, client: 1))
        // The server's answer proves it holds the request; only then may the test kill this process.
        guard try pending.receive(timeout: .seconds(120)) != nil else { fail("no answer") }
        say("ANSWERED")
        sleep(120)
        _ = consume pending  // keeps the pending response alive until here
    } catch {
        fail("\(error)")
    }
    fail("was not killed")
}

/// Sends `--requests` fire-and-forget requests (values 0, 1, …) with the unable-to-deliver strategy `--strategy-on-full`
/// (`block` or `discard`); prints `SENT n` and `REFUSED n` (sends that failed with `receiverBufferFull`). With
/// `--leave 1` it exits right away instead of waiting for the server to leave; `--settle-ms` waits after the server
/// appeared, so that a polling server has noticed this client before the first request.
func runDeliveryClient(_ options: Options) {
    let node = makeNode(options, "delivery-client")
    let service = openPingService(node, options)
    let strategy: UnableToDeliverStrategy = options.string("strategy-on-full") == "block" ? .block : .discardData
    let client: Client<Ping, Pong>
    do { client = try service.clientBuilder().unableToDeliverStrategy(strategy).create() } catch { fail("\(error)") }
    waitFor("a server") { service.numberOfServers >= options.int("wait-servers", 1) }
    usleep(UInt32(options.int("settle-ms", 0) * 1000))
    var sent = 0
    var refused = 0
    for value in 0..<options.int("requests", 1) {
        do {
            _ = try client.sendCopy(Ping(value: UInt64(value), client: 1))  // the pending response is dropped at once
            sent += 1
        } catch .receiverBufferFull {
            refused += 1
        } catch {
            fail("send \(value): \(error)")
        }
    }
    say("SENT \(sent)")
    say("REFUSED \(refused)")
    if options.int("leave", 0) == 1 { return }
    waitFor("the server to leave") { service.numberOfServers == 0 }
}

/// Polls until the first request arrived, then waits `--delay-ms` before taking requests, and
/// takes them until `--count` arrived or none came for a second;
/// prints `RECEIVED n` and `ORDER ok` when the values were 0, 1, 2, … in order.
func runLateDrainServer(_ options: Options) {
    let node = makeNode(options, "late-drain-server")
    let service = openPingService(node, options)
    let server: Server<Ping, Pong>
    do { server = try service.serverBuilder().create() } catch { fail("server: \(error)") }
    say("READY")
    waitFor("a request") { server.hasRequests }  // polls, as a running server does
    usleep(UInt32(options.int("delay-ms", 300) * 1000))
    var received: [UInt64] = []
    while received.count < options.int("count", 1), let request = server.receive(timeout: .seconds(1)) {
        received.append(request.payload.value)
    }
    say("RECEIVED \(received.count)")
    if received == (0..<UInt64(received.count)).map({ $0 }) { say("ORDER ok") }
}

/// Answers one request with `value × 2`, then leaves at once (the client still holds the response).
func runAnswerAndLeaveServer(_ options: Options) {
    let node = makeNode(options, "answer-and-leave-server")
    let service = openPingService(node, options)
    let server: Server<Ping, Pong>
    do { server = try service.serverBuilder().create() } catch { fail("server: \(error)") }
    say("READY")
    guard let request = server.receive(timeout: .seconds(120)) else { fail("no request") }
    do { try request.sendCopy(Pong(value: request.payload.value &* 2, index: 0)) } catch { fail("\(error)") }
    say("ANSWERED")
}

/// Sends one request, waits until its server has answered and left the service, and only then receives and reads
/// the answer: a response sent before its server left stays receivable and readable (the client keeps the server's
/// segment mapped while it holds responses from it).
func runKeepResponseClient(_ options: Options) {
    let node = makeNode(options, "keep-response-client")
    let service = openPingService(node, options)
    let client: Client<Ping, Pong>
    do { client = try service.clientBuilder().create() } catch { fail("client: \(error)") }
    waitFor("a server") { service.numberOfServers >= 1 }
    do {
        let pending = try client.sendCopy(Ping(value: 21, client: 1))
        waitFor("the server to leave") { service.numberOfServers == 0 }
        say("CONNECTED \(pending.isConnected)")
        guard let response = try pending.receive() else { fail("the response of the departed server is lost") }
        say("AFTER-LEAVE \(response.payload.value)")
        _ = consume response
        _ = consume pending
    } catch {
        fail("\(error)")
    }
}

/// While the server waits: sends request 1 and drops its pending response at once (a service without
/// fire-and-forget makes the server skip it), then, `--pause-ms` later, request 2, and expects its response.
func runCancelThenSendClient(_ options: Options) {
    let node = makeNode(options, "client")
    let service = openPingService(node, options)
    let client: Client<Ping, Pong>
    do { client = try service.clientBuilder().create() } catch { fail("client: \(error)") }
    waitFor("a server") { service.numberOfServers >= 1 }
    let pause = UInt32(options.int("pause-ms", 200)) * 1000
    do {
        _ = try client.sendCopy(Ping(value: 1, client: 0))  // the pending response ends here: cancelled
        say("CANCELLED")  // the server starts its wait only now, so request 1 is cancelled before it looks
        usleep(pause)  // the server is asleep in its wait by now (if not, it meets both requests at once)
        let pending = try client.sendCopy(Ping(value: 2, client: 0))
        guard let response = try pending.receive(timeout: .seconds(120)) else { fail("no response to request 2") }
        let answer = response.payload.value
        guard answer == 4 else { fail("request 2 got \(answer)") }
    } catch {
        fail("\(error)")
    }
    say("OK")
}
