import Glibc
import Subprocess
import SystemPackage
import Testing
import ZeroCopyIPC

/// The request_response example pair, run as built, with a private config so it cannot meet other processes.
@Suite struct ExampleTests {
    @Test func requestResponseExamplesTalkAndCtrlCEndsBothCleanly() async throws {
        let bed = TestBed()
        let configPath = "/tmp/\(bed.prefix)config.toml"
        let file = fopen(configPath, "w")
        fputs("[global]\nroot-path = \"\(bed.root)\"\nprefix = \"\(bed.prefix)\"\n", file)
        fclose(file)
        defer { unlink(configPath) }
        let folder = helperPath.split(separator: "/", omittingEmptySubsequences: false).dropLast()
            .joined(separator: "/")
        let environment = Environment.inherit.updating(["ZEROCOPYIPC_CONFIG": configPath])

        let server = try await run(
            .path(FilePath(folder + "/request_response_server")), environment: environment, input: .none,
            output: .sequence, error: .discarded
        ) { server in
            var lines = server.standardOutput.strings().makeAsyncIterator()
            while let line = try await lines.next(), !line.contains("Server ready") {}
            let client = try await run(
                .path(FilePath(folder + "/request_response_client")), environment: environment, input: .none,
                output: .sequence, error: .discarded
            ) { client in
                var responses = 0
                var clientLines = client.standardOutput.strings().makeAsyncIterator()
                while responses < 2, let line = try await clientLines.next() {
                    if line.contains("received response") { responses += 1 }
                }
                try client.send(signal: .interrupt)
                // Keep reading to the end: a closed pipe would kill the process with SIGPIPE before it cleans up.
                while try await clientLines.next() != nil {}
                return responses
            }
            try server.send(signal: .interrupt)
            while try await lines.next() != nil {}
            return client
        }
        let client = server.closureResult
        #expect(client.closureResult == 2)
        #expect(client.terminationStatus.isSuccess, "client: \(client.terminationStatus)")
        #expect(server.terminationStatus.isSuccess, "server: \(server.terminationStatus)")
        bed.finish()
    }
}
