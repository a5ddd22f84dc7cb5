import Foundation
import Subprocess
import SystemPackage
import Testing

/// The request_response example's server in C (Examples/request_response_c_server) answers the Swift client of
/// the same example; both end cleanly on SIGINT and leave nothing behind.
@Suite("C example")
struct ExampleTests {
    @Test("the C server answers the Swift request_response_client")
    func cServerSwiftClient() async throws {
        try await requireCPeer()
        let bed = TestBed()
        // The example takes the discovered config: point it at the bed's root and prefix.
        let config = bed.root + "/config.toml"
        try "[global]\nroot-path = \"\(bed.root)/run\"\nprefix = \"\(bed.prefix)\"\n"
            .write(toFile: config, atomically: true, encoding: .utf8)
        let server = try await buildServer()
        let env = environment.updating(["ZEROCOPYIPC_CONFIG": config])
        let serverRun = try await Subprocess.run(
            .path(FilePath(server)), environment: env, input: .none, output: .sequence, error: .discarded
        ) { serverExecution in
            var serverLines: [String] = []
            // One iterator for the whole run: the output sequence can be iterated only once.
            var serverOutput = serverExecution.standardOutput.strings().makeAsyncIterator()
            while let line = try await serverOutput.next() {
                serverLines.append(line)
                if line.hasPrefix("Server ready") { break }
            }
            let client = try await Subprocess.run(
                .path(FilePath(productsFolder + "/request_response_client")), environment: env, input: .none,
                output: .sequence, error: .discarded
            ) { clientExecution in
                var clientLines: [String] = []
                for try await line in clientExecution.standardOutput.strings() {
                    clientLines.append(line)
                    // Response 2 is the stream's second answer to the odd request 1.
                    if line.contains("received response 2:") { try clientExecution.send(signal: .interrupt) }
                }
                return clientLines
            }
            try serverExecution.send(signal: .interrupt)
            while let line = try await serverOutput.next() { serverLines.append(line) }
            return (server: serverLines, client: client.closureResult, clientStatus: client.terminationStatus)
        }
        let (serverLines, clientLines, clientStatus) = serverRun.closureResult
        #expect(serverRun.terminationStatus.isSuccess, "server: \(serverLines)")
        #expect(clientStatus.isSuccess, "client: \(clientLines)")
        #expect(clientLines.contains("  received response 0: TransmissionData(x: 5, y: 0, funky: 7.77)")
            || clientLines.contains { $0.hasPrefix("  received response 0: TransmissionData(") }, "\(clientLines)")
        #expect(clientLines.contains { $0.hasPrefix("  received response 2: TransmissionData(") }, "\(clientLines)")
        #expect(serverLines.contains("received request: 1"), "\(serverLines)")
        #expect(serverLines.last == "exit", "\(serverLines)")
        #expect(clientLines.last == "exit", "\(clientLines)")
        unlink(config)
        rmdir(bed.root + "/run")
        bed.finish()
    }

    /// Compiles the example with gcc -Wall -Werror against the generated TransmissionData.h.
    private func buildServer() async throws -> String {
        let peer = try await CPeer.build.value.get()
        let directory = URL(fileURLWithPath: peer).deletingLastPathComponent().path
        let output = directory + "/request_response_c_server"
        let (status, text) = await CPeer.compile(
            ["-std=c11", "-Wall", "-Werror", "-I", CPeer.header, "-I", directory,
             packageRoot + "/Examples/request_response_c_server/main.c", "-L", productsFolder, "-lZeroCopyIPCC",
             "-Wl,-rpath," + productsFolder, "-o", output])
        guard status == 0 else { throw PeerBuildError(description: "gcc failed:\n\(text)") }
        return output
    }
}
