#if canImport(Glibc)
import Glibc
#endif
import BenchPayloads
import BenchSupport
import Synchronization
import ZeroCopyIPC

/// Requests per second: several requests in flight from one client, and four client processes on one server.
public enum Throughput {
    /// One client keeps `depth` 8-byte typed requests in flight (busy-polling), the server busy-polls.
    /// Prints `THROUGHPUT name=zc-inflight-poll …`.
    public static func inFlight(
        executable: String, subcommand: String, options: BenchOptions, depth: Int
    ) throws(BenchError) {
        typealias Word = Zcipc_Bench_Word
        let typed = try TypedClient<Word>(
            executable: executable, subcommand: subcommand, mode: .poll, maxActiveRequests: depth)
        guard let client = typed.client else { throw BenchError("no client") }
        let slots = UnsafeMutablePointer<PendingResponse<Word, Word>?>.allocate(capacity: depth)
        for index in 0..<depth { (slots + index).initialize(to: nil) }
        defer {
            for index in 0..<depth { (slots + index).deinitialize(count: 1) }
            slots.deallocate()
        }
        var sent: UInt64 = 0
        var completed = 0
        var request = Word()
        func send(into index: Int) throws(BenchError) {
            sent += 1
            request.value = sent
            do {
                (slots + index).pointee = .some(try client.loanUninit().write(request).send())
            } catch {
                throw BenchError("in-flight send \(sent): \(error)")
            }
        }
        /// Busy-polls slot `index` for its response and returns its sequence number.
        func complete(_ index: Int) throws(BenchError) -> UInt64 {
            do {
                while true {
                    if let response = try (slots + index).pointee!.receive() {
                        let value = response.payload.value
                        (slots + index).pointee = nil
                        return value
                    }
                    cpuRelax()
                }
            } catch {
                throw BenchError("in-flight receive: \(error)")
            }
        }
        let total = options.smoke ? 100 : max(options.iterations, 10_000)
        let warmup = options.smoke ? 10 : min(options.warmup, total)
        // Windows of 1,024 completions: the median window is robust against the other tenants of a shared machine,
        // which a plain mean is not.
        let window = options.smoke ? 10 : 1024
        var windows: [UInt64] = []
        windows.reserveCapacity(total / window + 2)
        for index in 0..<depth { try send(into: index) }
        var index = 0
        var start: UInt64 = 0
        var windowStart: UInt64 = 0
        let deadline = UInt64(options.maxSeconds * 1e9)
        while true {
            let expected = sent - UInt64(depth) + 1
            let value = try complete(index)
            guard value == expected else { throw BenchError("in-flight: response \(value), expected \(expected)") }
            completed += 1
            if completed == warmup {
                start = monotonicNanoseconds()
                windowStart = start
            } else if completed > warmup && (completed - warmup) % window == 0 {
                let now = monotonicNanoseconds()
                windows.append(now - windowStart)
                windowStart = now
                if completed - warmup >= total || now - start > deadline { break }
            }
            try send(into: index)
            index = (index + 1) % depth
        }
        let seconds = Double(monotonicNanoseconds() - start) / 1e9
        // Drain what is still in flight, then stop the server.
        for _ in 0..<(depth - 1) {
            index = (index + 1) % depth
            _ = try complete(index)
        }
        try typed.stop()
        let measured = completed - warmup
        windows.sort()
        let medianWindow = Double(windows[windows.count / 2]) / 1e9
        print(
            "THROUGHPUT name=zc-inflight\(depth)-poll size=8 requests=\(measured) seconds=\(seconds)"
                + " rps=\(Double(window) / medianWindow) mean_rps=\(Double(measured) / seconds)"
                + " desc=ours:_1_client,_\(depth)_typed_8_B_requests_in_flight,_busy-poll,"
                + "_median_of_\(windows.count)_windows"
        )
    }

    /// Layout of the coordination region of ``fourClients``: offset 0 ready count, 64 start, 128 stop,
    /// 256 + 64 × i the round trips of worker i.
    static let regionSize = 4096

    static func word(_ base: UnsafeMutableRawPointer, _ offset: Int) -> UnsafeMutablePointer<Atomic<UInt64>> {
        (base + offset).bindMemory(to: Atomic<UInt64>.self, capacity: 1)
    }

    /// `clients` client processes (CPU 0) send 8-byte typed requests to one server (CPU 1) for `maxSeconds`, all with
    /// the runtime's blocking wait. Prints `THROUGHPUT name=zc-<clients>clients-wait …`.
    public static func manyClients(
        executable: String, subcommand: String, options: BenchOptions, clients: Int
    ) throws(BenchError) {
        typealias Word = Zcipc_Bench_Word
        let typed = try TypedClient<Word>(
            executable: executable, subcommand: subcommand, mode: .wait, maxClients: clients + 1)
        let serviceName = "zcipc-bench/\(subcommand)/\(getpid())"
        var region = try SharedRegion.create(name: "/zcipc_bench_clients_\(getpid())", size: regionSize)
        var workers: [Int32] = []
        for worker in 0..<clients {
            let process = try ServerProcess(
                executable: executable,
                arguments: [subcommand, "--worker", serviceName, "--region", region.name, "--index", "\(worker)"])
            workers.append(process.pid)
            process.detach()
        }
        defer {
            for pid in workers {  // error paths only: the workers may wait for a start that never comes
                kill(pid, SIGKILL)
                reap(pid)
            }
        }
        let ready = word(region.base, 0)
        try waitUntil("\(clients) clients to connect") { ready.pointee.load(ordering: .acquiring) == UInt64(clients) }
        region.unlink()
        let seconds = options.smoke ? 0.05 : options.maxSeconds
        let start = monotonicNanoseconds()
        word(region.base, 64).pointee.store(1, ordering: .releasing)
        usleep(UInt32(seconds * 1e6))
        word(region.base, 128).pointee.store(1, ordering: .releasing)
        var failed = false
        for pid in workers { failed = !reap(pid) || failed }
        workers = []
        let elapsed = Double(monotonicNanoseconds() - start) / 1e9
        guard !failed else { throw BenchError("a client worker failed") }
        var total: UInt64 = 0
        for worker in 0..<clients { total += word(region.base, 256 + 64 * worker).pointee.load(ordering: .acquiring) }
        try typed.stop()
        print(
            "THROUGHPUT name=zc-\(clients)clients-wait size=8 requests=\(total) seconds=\(elapsed)"
                + " rps=\(Double(total) / elapsed)"
                + " desc=ours:_\(clients)_client_processes,_1_server,_typed_8_B,_blocking_wait"
        )
    }

    /// A client worker of ``manyClients``: round trips until the stop flag, then its count into the region.
    public static func worker(service name: String, region regionName: String, index: Int) throws(BenchError) {
        typealias Word = Zcipc_Bench_Word
        try pinToCPU(0)
        let region = try SharedRegion.open(name: regionName, size: regionSize)
        let node = try makeNode("worker")
        let client: Client<Word, Word>
        do {
            let service = try node.serviceBuilder(serviceName(name)).requestResponse(Word.self, Word.self).open()
            client = try service.clientBuilder().create()
        } catch {
            throw BenchError("worker \(index) setup: \(error)")
        }
        _ = word(region.base, 0).pointee.add(1, ordering: .acquiringAndReleasing)
        while word(region.base, 64).pointee.load(ordering: .acquiring) == 0 { usleep(50) }
        var count: UInt64 = 0
        let base = UInt64(index + 1) << 40
        while word(region.base, 128).pointee.load(ordering: .acquiring) == 0 {
            let sequence = base + count
            do {
                let pending = try client.loanUninit().write(Word(value: sequence)).send()
                guard let response = try pending.receive(timeout: .seconds(20)) else {
                    throw BenchError("worker \(index): no response within 20 s")
                }
                guard response.payload.value == sequence else { throw BenchError("worker \(index): wrong response") }
            } catch {
                throw BenchError("worker \(index): \(error)")
            }
            count += 1
        }
        word(region.base, 256 + 64 * index).pointee.store(count, ordering: .releasing)
    }

    /// Waits for `pid`; `true` if it exited with status 0.
    @discardableResult
    static func reap(_ pid: Int32) -> Bool {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return false }
        }
        return status == 0
    }
}
