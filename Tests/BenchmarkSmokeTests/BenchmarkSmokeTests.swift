import Foundation
import ProcessCapture
import Subprocess
import SystemPackage
import Testing

/// Builds every benchmark executable (the C, Unix-socket and iceoryx baselines and ours) and runs each once with a
/// tiny count, so that the benchmarks cannot rot. Timings are not looked at here: they live in Benchmarks/results.
@Suite("Benchmark smoke run")
struct BenchmarkSmokeTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Benchmarks/scripts/smoke.sh").path

    @Test(.timeLimit(.minutes(30)))
    func everyBenchmarkBuildsAndRunsOnce() async throws {
        let result = try await runCapturing(
            .path("/bin/bash"), arguments: [Self.script],
            // iceoryx is installed by scripts/setup, so its baseline must not be skipped silently.
            environment: .inherit.updating(["ZCIPC_BENCH_REQUIRE_IOX": "1", "SWIFT_BACKTRACE": "enable=no"]))
        #expect(result.terminationStatus == .exited(0), "\(result.standardError.suffix(6000))")
        #expect(result.standardError.contains("smoke: 0 failure(s)"), "\(result.standardError.suffix(3000))")
        #expect(!result.standardError.contains("baseline skipped"), "\(result.standardError.suffix(3000))")
    }
}
