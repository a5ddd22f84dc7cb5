// zcipc-bench: our side of the benchmark table, measured the way the native baselines are measured.
//
//   zcipc-bench list                       names of the measurements, one per line (run-all.sh runs each)
//   zcipc-bench NAME [options]             runs one measurement as the client (CPU 0) and spawns its server
//                                          (`zcipc-bench NAME --serve …`, CPU 1); prints RESULT, THROUGHPUT and
//                                          COUNT lines (heap allocations per round trip, client and server)
//   zcipc-bench smoke                      runs every measurement once with a tiny count (scripts/smoke.sh)
//
// Options: --iterations N --warmup N --max-seconds S --size N[K|M] (see BenchOptions); without --size a measurement
// runs at each of its sizes.
#if canImport(Glibc)
import Glibc
#endif
import BenchPayloads
import BenchSupport
import ZeroCopyBench

/// One measurement: its name (for `list` and the table), its sizes, and its client and server sides.
struct Measurement {
    var name: String
    var sizes: [Int]
    var client: (BenchOptions, String) throws(BenchError) -> Void
    var server: (BenchOptions, [String: String]) throws(BenchError) -> Void
}

let slicesSizes = [8, 4096, 65536, 1 << 20, 16 << 20]

/// A started client: one round trip, and stopping the server.
struct Peer {
    var roundTrip: (UInt64) throws(BenchError) -> Void
    var stop: () throws(BenchError) -> Void
}

/// Client side of the typed and slice round trips: times them, counts the client's allocations in the timed phase
/// and asks the server to count its own (`makeClient` gets the extra server arguments).
func roundTrips(
    name: String, size: Int, options: BenchOptions, makeClient: ([String]) throws(BenchError) -> Peer
) throws(BenchError) {
    let report = "\(name)/\(size)"
    _ = AllocationCounter.isActive  // the self-test allocates: run it before the measurement
    // The server counts from its 100th request on (the warm-up may end early on time); the steady state starts sooner.
    let peer = try makeClient(["--count-after", "\(min(options.warmup, 100))", "--report", report])
    var recorder = LatencyRecorder(options: options)
    let counter = AllocationCounter()
    var allocations = 0
    do {
        try recorder.run(timedPhase: { starting in
            if starting { counter.start() } else { allocations = counter.stop() }
        }) { sequence in try peer.roundTrip(sequence) }
    } catch {
        throw error as? BenchError ?? BenchError("\(error)")
    }
    let timed = recorder.count
    try peer.stop()
    try recorder.report(name: name, size: size)
    reportAllocationsPerRoundTrip(name: report, side: "client", count: allocations, roundTrips: timed)
}

func typed(_ name: String, _ mode: WaitMode, filling: Filling = .ends, sizes: [Int] = [8, 4096]) -> Measurement {
    Measurement(
        name: name, sizes: sizes,
        client: { (options, executable) throws(BenchError) in
            func run<P: SequencedPayload>(_: P.Type) throws(BenchError) {
                try roundTrips(name: name, size: options.size, options: options) { (extra) throws(BenchError) in
                    let client = try TypedClient<P>(
                        executable: executable, subcommand: name, mode: mode, filling: filling, serverArguments: extra)
                    return Peer(roundTrip: client.roundTrip, stop: client.stop)
                }
            }
            switch options.size {
            case 8: try run(Zcipc_Bench_Word.self)
            case 4096: try run(Zcipc_Bench_Block4K.self)
            default: throw BenchError("\(name): typed payloads are 8 or 4096 bytes")
            }
        },
        server: { (options, arguments) throws(BenchError) in
            let countAfter = Int(arguments["--count-after"] ?? "") ?? 0
            let report = arguments["--report"] ?? ""
            let filling = Filling(rawValue: arguments["--fill"] ?? "") ?? .ends
            switch options.size {
            case 4096:
                try TypedClient<Zcipc_Bench_Block4K>.serve(
                    name: arguments["--serve"]!, mode: mode, filling: filling, countAfter: countAfter, report: report)
            default:
                try TypedClient<Zcipc_Bench_Word>.serve(
                    name: arguments["--serve"]!, mode: mode, filling: filling, countAfter: countAfter, report: report)
            }
        })
}

func slices(_ name: String, _ mode: WaitMode) -> Measurement {
    Measurement(
        name: name, sizes: slicesSizes,
        client: { (options, executable) throws(BenchError) in
            try roundTrips(name: name, size: options.size, options: options) { (extra) throws(BenchError) in
                let client = try SliceClient(
                    executable: executable, subcommand: name, mode: mode, size: options.size, serverArguments: extra)
                return Peer(roundTrip: client.roundTrip, stop: client.stop)
            }
        },
        server: { (options, arguments) throws(BenchError) in
            try SliceClient.serve(
                name: arguments["--serve"]!, mode: mode, size: options.size,
                countAfter: Int(arguments["--count-after"] ?? "") ?? 0, report: arguments["--report"] ?? "")
        })
}

/// Publish-subscribe ping-pong over a2b/b2a (`PubSubPingPong`): RESULT lines are round trips, like every other row;
/// report.py halves them into one-way latency.
func pubSubPingPong(_ name: String, sizes: [Int]) -> Measurement {
    Measurement(
        name: name, sizes: sizes,
        client: { (options, executable) throws(BenchError) in
            func run<P: PingPongPayload>(_: P.Type) throws(BenchError) {
                try roundTrips(name: name, size: options.size, options: options) { (extra) throws(BenchError) in
                    let client = try PubSubPingPong<P>(
                        executable: executable, subcommand: name, size: options.size, serverArguments: extra)
                    return Peer(roundTrip: client.roundTrip, stop: client.stop)
                }
            }
            if sizes == [8] { try run(Zcipc_Bench_Word.self) } else { try run([UInt8].self) }
        },
        server: { (options, arguments) throws(BenchError) in
            let countAfter = Int(arguments["--count-after"] ?? "") ?? 0
            let report = arguments["--report"] ?? ""
            if sizes == [8] {
                try PubSubPingPong<Zcipc_Bench_Word>.serve(
                    name: arguments["--serve"]!, size: options.size, countAfter: countAfter, report: report)
            } else {
                try PubSubPingPong<[UInt8]>.serve(
                    name: arguments["--serve"]!, size: options.size, countAfter: countAfter, report: report)
            }
        })
}

func allMeasurements() -> [Measurement] {
    [
        Measurement(
            name: "swift-spin-line", sizes: [8],
            client: { (options, executable) throws(BenchError) in
                let client = try SpinFloor.Client(executable: executable, subcommand: "swift-spin-line")
                var recorder = LatencyRecorder(options: options)
                var last: UInt64 = 0
                recorder.run { sequence in
                    client.roundTrip(sequence)
                    last = sequence
                }
                try client.stop(after: last)
                try recorder.report(name: "swift-spin-line", size: 8)
            },
            server: { (_, arguments) throws(BenchError) in try SpinFloor.serve(name: arguments["--serve"]!) }),
        Measurement(
            name: "zc-typed-inprocess", sizes: [8],
            client: { (options, _) throws(BenchError) in
                let roundTrip = try InProcessRoundTrip(name: "zcipc-bench/zc-typed-inprocess/\(getpid())")
                var recorder = LatencyRecorder(options: options)
                do {
                    try recorder.run { sequence in try roundTrip.roundTrip(sequence) }
                } catch {
                    throw error as? BenchError ?? BenchError("\(error)")
                }
                try recorder.report(name: "zc-typed-inprocess", size: 8)
            },
            server: { (_, _) throws(BenchError) in throw BenchError("zc-typed-inprocess has no server") }),
        typed("zc-typed-poll", .poll),
        typed("zc-typed-whole-poll", .poll, filling: .whole, sizes: [4096]),
        slices("zc-slice-poll", .poll),
        typed("zc-typed-wait", .wait),
        slices("zc-slice-wait", .wait),
        pubSubPingPong("zc-pubsub-typed-poll", sizes: [8]),
        pubSubPingPong("zc-pubsub-slice-poll", sizes: slicesSizes),
        Measurement(
            // One process: a publisher and 1, 2, 4, 8 subscribers; ns per send (8 B and 1 MiB slices), and memcpy.
            name: "zc-pubsub-send", sizes: [8, 1 << 20],
            client: { (options, _) throws(BenchError) in
                for subscribers in PubSubFanOut.subscriberCounts {
                    try PubSubFanOut.sendCost(subscribers: subscribers, size: options.size, options: options)
                }
                if options.size > 8 { try PubSubFanOut.copyCost(size: options.size, options: options) }
            },
            server: { (_, _) throws(BenchError) in throw BenchError("zc-pubsub-send has no server") }),
        Measurement(
            name: "zc-pubsub-1to1-poll", sizes: [8],
            client: { (options, executable) throws(BenchError) in
                try PubSubFanOut.throughput(executable: executable, subcommand: "zc-pubsub-1to1-poll", options: options)
            },
            server: { (_, arguments) throws(BenchError) in
                try PubSubFanOut.throughputSubscriber(name: arguments["--serve"]!)
            }),
        Measurement(
            name: "zc-event-wait", sizes: [8],
            client: { (options, executable) throws(BenchError) in
                try roundTrips(name: "zc-event-wait", size: 8, options: options) { (_) throws(BenchError) in
                    let client = try EventPingPong(executable: executable, subcommand: "zc-event-wait")
                    return Peer(roundTrip: client.roundTrip, stop: client.stop)
                }
            },
            server: { (_, arguments) throws(BenchError) in try EventPingPong.serve(name: arguments["--serve"]!) }),
        Measurement(
            // The "size" is the number of WaitSet attachments.
            name: "zc-waitset-wait", sizes: [1, 16, 128],
            client: { (options, executable) throws(BenchError) in
                try roundTrips(name: "zc-waitset-wait", size: options.size, options: options) { (_) throws(BenchError) in
                    let client = try WaitSetPingPong(
                        executable: executable, subcommand: "zc-waitset-wait", attachments: options.size,
                        serverArguments: ["--attachments", "\(options.size)"])
                    return Peer(roundTrip: client.roundTrip, stop: client.stop)
                }
            },
            server: { (options, arguments) throws(BenchError) in
                try WaitSetPingPong.serve(
                    name: arguments["--serve"]!, attachments: Int(arguments["--attachments"] ?? "") ?? 1)
            }),
        Measurement(
            // One process: the CPU time an idle WaitSet with 16 attachments uses in 10 s (0.2 s with --smoke).
            name: "zc-waitset-idle-cpu", sizes: [16],
            client: { (options, _) throws(BenchError) in
                try WaitSetPingPong.idleCPU(seconds: options.smoke ? 0.2 : 10)
            },
            server: { (_, _) throws(BenchError) in throw BenchError("zc-waitset-idle-cpu has no server") }),
        Measurement(
            name: "zc-inflight-poll", sizes: [8],
            client: { (options, executable) throws(BenchError) in
                // ZCIPC_BENCH_DEPTH overrides the 4 requests in flight (the service's default maximum per client).
                let depth = getenv("ZCIPC_BENCH_DEPTH").flatMap { Int(String(cString: $0)) } ?? 4
                try Throughput.inFlight(
                    executable: executable, subcommand: "zc-inflight-poll", options: options, depth: depth)
            },
            server: { (_, arguments) throws(BenchError) in
                try TypedClient<Zcipc_Bench_Word>.serve(
                    name: arguments["--serve"]!, mode: .poll, countAfter: 0, report: "")
            }),
        Measurement(
            name: "zc-4clients-wait", sizes: [8],
            client: { (options, executable) throws(BenchError) in
                try Throughput.manyClients(
                    executable: executable, subcommand: "zc-4clients-wait", options: options, clients: 4)
            },
            server: { (_, arguments) throws(BenchError) in
                if let service = arguments["--worker"] {
                    try Throughput.worker(
                        service: service, region: arguments["--region"] ?? "",
                        index: Int(arguments["--index"] ?? "") ?? 0)
                } else {
                    try TypedClient<Zcipc_Bench_Word>.serve(
                        name: arguments["--serve"]!, mode: .wait, countAfter: 0, report: "")
                }
            }),
    ]
}

/// `--key value` pairs of a spawned server's arguments.
func pairs(_ rest: [String]) throws(BenchError) -> [String: String] {
    guard rest.count % 2 == 0 else { throw BenchError("expected --key value pairs: \(rest.joined(separator: " "))") }
    var result: [String: String] = [:]
    for index in stride(from: 0, to: rest.count, by: 2) { result[rest[index]] = rest[index + 1] }
    return result
}

func runMain() throws(BenchError) {
    let arguments = Array(CommandLine.arguments.dropFirst())
    guard let command = arguments.first else {
        throw BenchError("usage: zcipc-bench list | smoke | NAME [options]")
    }
    let executable = try currentExecutablePath()
    let measurements = allMeasurements()
    switch command {
    case "list":
        for measurement in measurements { print(measurement.name) }
    case "smoke":
        for measurement in measurements {
            var options = try BenchOptions(parsing: ["--smoke"])
            for size in measurement.sizes {
                options.size = size
                try measurement.client(options, executable)
            }
        }
    default:
        guard let measurement = measurements.first(where: { $0.name == command }) else {
            throw BenchError("unknown measurement '\(command)'; `zcipc-bench list` shows them")
        }
        let options = try BenchOptions(parsing: Array(arguments.dropFirst()))
        let serverArguments = try pairs(options.rest)
        if serverArguments["--serve"] != nil || serverArguments["--worker"] != nil {
            try measurement.server(options, serverArguments)
        } else if options.rest.isEmpty {
            let explicitSize = arguments.contains("--size")
            for size in explicitSize ? [options.size] : measurement.sizes {
                var sized = options
                sized.size = size
                try measurement.client(sized, executable)
            }
        } else {
            throw BenchError("unknown options: \(options.rest.joined(separator: " "))")
        }
    }
}

do {
    try runMain()
} catch {
    printError("error: \(error)")
    exit(1)
}
