import Foundation
import IPCCodeGen
import IPCDefinition
import Subprocess
import SystemPackage
import Testing

/// The publish_subscribe example's subscriber in C++ (Examples/publish_subscribe_cpp_subscriber), compiled with
/// g++ -std=c++17 -Wall -Wextra -Werror against the headers `ipcgen cpp` writes, receives what the Swift publisher
/// sends: every sample, in order, with the values the publisher computes; both end cleanly on SIGINT and leave
/// nothing behind.
@Suite("C++ example")
struct CppExampleTests {
    @Test("the C++ subscriber receives the Swift publisher's samples")
    func cppSubscriber() async throws {
        try await requireCPeer()
        let subscriberPath = try await buildSubscriber()
        let bed = TestBed()
        let config = bed.root + "/config.toml"
        try "[global]\nroot-path = \"\(bed.root)/run\"\nprefix = \"\(bed.prefix)\"\n"
            .write(toFile: config, atomically: true, encoding: .utf8)
        let env = environment.updating(["ZEROCOPYIPC_CONFIG": config])
        let subscriberRun = try await Subprocess.run(
            .path(FilePath(subscriberPath)), environment: env, input: .none, output: .sequence,
            error: .string(limit: 1 << 16)
        ) { subscriberExecution in
            var lines: [String] = []
            var output = subscriberExecution.standardOutput.strings().makeAsyncIterator()
            while let line = try await output.next() {
                lines.append(line)
                if line.hasPrefix("Subscriber ready") { break }
            }
            let publisher = try await Subprocess.run(
                .path(FilePath(productsFolder + "/publish_subscribe_publisher")), environment: env, input: .none,
                output: .sequence, error: .discarded
            ) { publisherExecution in
                var publisherLines: [String] = []
                var publisherOutput = publisherExecution.standardOutput.strings().makeAsyncIterator()
                // Three samples received by the subscriber, then both stop.
                while lines.filter({ $0.hasPrefix("received: ") }).count < 3, let line = try await output.next() {
                    lines.append(line)
                }
                try publisherExecution.send(signal: .interrupt)
                while let line = try await publisherOutput.next() { publisherLines.append(line) }
                return publisherLines
            }
            try subscriberExecution.send(signal: .interrupt)
            while let line = try await output.next() { lines.append(line) }
            return (subscriber: lines, publisher: publisher.closureResult, publisherStatus: publisher.terminationStatus)
        }
        let (lines, publisherLines, publisherStatus) = subscriberRun.closureResult
        #expect(subscriberRun.terminationStatus.isSuccess, "subscriber: \(lines)\n\(subscriberRun.standardError)")
        #expect(publisherStatus.isSuccess, "publisher: \(publisherLines)")
        let received = lines.filter { $0.hasPrefix("received: ") }.compactMap(Self.sample)
        #expect(received.count >= 3 && received.count == lines.filter { $0.hasPrefix("received: ") }.count, "\(lines)")
        for (index, sample) in received.enumerated() {
            // The publisher's n-th sample: x n, y 3n, funky n × 812.12; consecutive, from one publisher.
            #expect(sample.y == 3 * sample.x && sample.funky == Double(sample.x) * 812.12, "\(sample)")
            #expect(sample.x == received[0].x + index && sample.publisher == received[0].publisher, "\(received)")
            #expect(sample.sequence == received[0].sequence + index, "\(received)")
        }
        #expect(lines.last == "exit", "\(lines)")
        #expect(publisherLines.last == "exit", "\(publisherLines)")
        unlink(config)
        rmdir(bed.root + "/run")
        bed.finish()
    }

    /// The numbers of "received: TransmissionData(x: 2, y: 6, funky: 1624.24) (publisher 9b7f…, sample 1)".
    static func sample(_ line: String) -> (x: Int, y: Int, funky: Double, publisher: String, sequence: Int)? {
        let words = line.split(whereSeparator: { " (),:".contains($0) }).map(String.init)
        guard words.count == 12, let x = Int(words[3]), let y = Int(words[5]), let funky = Double(words[7]),
            let sequence = Int(words[11])
        else { return nil }
        return (x, y, funky, words[9], sequence)
    }

    /// Generates the C++ headers for TransmissionData.ipcdef and compiles the example with -Wall -Wextra -Werror.
    private func buildSubscriber() async throws -> String {
        let directory = try testBuildFolder("cpp-example")
        let definitions = packageRoot + "/Definitions"
        let model = try DefinitionLoader().load(paths: [definitions + "/TransmissionData.ipcdef"])
        for file in CppRenderer(definitions: model, baseDirectory: definitions).renderAll() {
            try file.contents.write(toFile: directory + "/" + file.name, atomically: true, encoding: .utf8)
        }
        let output = directory + "/publish_subscribe_cpp_subscriber"
        let (status, text) = await CPeer.compile(
            ["-std=c++17", "-Wall", "-Wextra", "-Werror", "-I", CPeer.header, "-I", directory,
             packageRoot + "/Examples/publish_subscribe_cpp_subscriber/main.cpp", "-L", productsFolder,
             "-lZeroCopyIPCC", "-Wl,-rpath," + productsFolder, "-o", output],
            compiler: "/usr/bin/g++")
        guard status == 0 else { throw PeerBuildError(description: "g++ failed:\n\(text)") }
        return output
    }
}
