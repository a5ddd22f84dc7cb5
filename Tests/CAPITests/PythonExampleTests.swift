import Foundation
import Subprocess
import SystemPackage
import Testing

/// The request_response example's client in Python (Examples/request_response_python_client) against the Swift
/// server and the C server of the same example: every response the client prints is, in order, one the server
/// printed that it sent; both end cleanly on SIGINT and leave nothing behind.
@Suite("Python example", .serialized)
struct PythonExampleTests {
    enum Server: String, CaseIterable, Sendable { case swift, c }

    @Test("the Python client talks to the request_response server", arguments: Server.allCases)
    func pythonClient(server: Server) async throws {
        try await requirePythonPeer()
        let bed = TestBed()
        // The example takes the discovered config: point it at the bed's root and prefix.
        let config = bed.root + "/config.toml"
        try "[global]\nroot-path = \"\(bed.root)/run\"\nprefix = \"\(bed.prefix)\"\n"
            .write(toFile: config, atomically: true, encoding: .utf8)
        let serverPath = server == .swift ? productsFolder + "/request_response_server" : try await buildCServer()
        let env = environment.updating(["ZEROCOPYIPC_CONFIG": config])
        let serverRun = try await Subprocess.run(
            .path(FilePath(serverPath)), environment: env, input: .none, output: .sequence, error: .string(limit: 1 << 16)
        ) { serverExecution in
            var serverLines: [String] = []
            var serverOutput = serverExecution.standardOutput.strings().makeAsyncIterator()
            while let line = try await serverOutput.next() {
                serverLines.append(line)
                if line.hasPrefix("Server ready") { break }
            }
            let client = try await Subprocess.run(
                .path("/usr/bin/env"),
                arguments: ["python3", packageRoot + "/Examples/request_response_python_client/client.py"],
                environment: env, input: .none, output: .sequence, error: .string(limit: 1 << 16)
            ) { clientExecution in
                var clientLines: [String] = []
                for try await line in clientExecution.standardOutput.strings() {
                    clientLines.append(line)
                    // Responses 1 and 2 answer the odd request 1 (a stream); 5 is the second of request 3's.
                    if line.hasPrefix("  received response 5:") { try clientExecution.send(signal: .interrupt) }
                }
                return clientLines
            }
            try serverExecution.send(signal: .interrupt)
            while let line = try await serverOutput.next() { serverLines.append(line) }
            return (server: serverLines, client: client.closureResult, clientStatus: client.terminationStatus,
                    clientErrors: client.standardError)
        }
        let (serverLines, clientLines, clientStatus, clientErrors) = serverRun.closureResult
        #expect(serverRun.terminationStatus.isSuccess, "server: \(serverLines)\n\(serverRun.standardError)")
        #expect(clientStatus.isSuccess, "client: \(clientLines)\n\(clientErrors)")
        let sent = serverLines.filter { $0.hasPrefix("  send response: ") }.map { $0.dropFirst(17) }
        let received = clientLines.compactMap { line -> Substring? in
            guard line.hasPrefix("  received response "), let colon = line.firstIndex(of: ":") else { return nil }
            return line[line.index(colon, offsetBy: 2)...]
        }
        #expect(received.count >= 6, "client: \(clientLines)")
        // The same values in the same order; the C server prints `funky` with printf's %g (6 digits).
        let sentValues = sent.map(Self.values)
        let receivedValues = received.map(Self.values)
        #expect(receivedValues.allSatisfy { $0 != nil }, "received \(received)")
        #expect(receivedValues.count <= sentValues.count, "sent \(sent)\nreceived \(received)")
        for (index, (got, wanted)) in zip(receivedValues, sentValues).enumerated() {
            guard let got, let wanted else { continue }
            #expect(
                got.x == wanted.x && got.y == wanted.y && abs(got.funky - wanted.funky) <= 1e-5 * max(1, abs(wanted.funky)),
                "response \(index): received \(received[index]), sent \(sent[index])")
        }
        for (index, line) in clientLines.filter({ $0.hasPrefix("  received response ") }).enumerated() {
            #expect(line.hasPrefix("  received response \(index): TransmissionData(x: "), "\(line)")
        }
        let requests = serverLines.filter { $0.hasPrefix("received request: ") }
        #expect(requests == requests.indices.map { "received request: \($0)" }, "\(serverLines)")
        #expect(serverLines.last == "exit", "\(serverLines)")
        #expect(clientLines.last == "exit", "\(clientLines)")
        unlink(config)
        rmdir(bed.root + "/run")
        bed.finish()
    }

    /// The numbers of "TransmissionData(x: 5, y: 0, funky: 7.77)".
    static func values(_ text: Substring) -> (x: Int, y: Int, funky: Double)? {
        let numbers = text.split(whereSeparator: { " (),:".contains($0) }).filter { $0.first?.isLetter == false }
        guard text.hasPrefix("TransmissionData("), numbers.count == 3, let x = Int(numbers[0]), let y = Int(numbers[1]),
            let funky = Double(numbers[2])
        else { return nil }
        return (x, y, funky)
    }

    /// Compiles the C server example with gcc -Wall -Werror against the generated TransmissionData.h.
    private func buildCServer() async throws -> String {
        let peer = try await CPeer.build.value.get()
        let directory = URL(fileURLWithPath: peer).deletingLastPathComponent().path
        let output = directory + "/request_response_c_server_for_python"
        let (status, text) = await CPeer.compile(
            ["-std=c11", "-Wall", "-Werror", "-I", CPeer.header, "-I", directory,
             packageRoot + "/Examples/request_response_c_server/main.c", "-L", productsFolder, "-lZeroCopyIPCC",
             "-Wl,-rpath," + productsFolder, "-o", output])
        guard status == 0 else { throw PeerBuildError(description: "gcc failed:\n\(text)") }
        return output
    }
}
