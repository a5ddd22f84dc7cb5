import Testing

/// A union, an optional and flags (Definitions/Shapes.ipcdef) written by one process and read by another: every
/// case, a tag no case names (as a process built from a newer definition would write it), present and absent
/// optionals, and a user header of generated flags.
@Suite struct UnionProcessTests {
    @Test func unionsOptionalsAndFlagsRoundTripBetweenProcessesIncludingAnUnknownTag() async throws {
        let bed = TestBed()
        async let server = runHelper("union-server", bed, ["--count", "8"])
        let client = try await runHelper("union-client", bed, ["--count", "8"])
        #expect(client.succeeded, "\(client)")
        // The client wrote tag 200 for request 3; the server read it as unknown, not as any case.
        let served = try await server
        #expect(served.succeeded, "\(served)")
        #expect(served.contains("GOT 3 unknown 200 limit nil access [read, write]"), "\(served)")
        #expect(served.contains("GOT 0 circle 0.5 limit 0 access [read, write]"), "\(served)")
        #expect(served.contains("GOT 2 empty limit 20 access [read]"), "\(served)")
        // The server wrote tag 200 in its answer to request 6; the client read it as unknown too.
        #expect(client.contains("ANSWER 6 unknown 200 limit nil access [read, write]"), "\(client)")
        #expect(client.contains("ANSWER 1 empty limit 1 access [read]"), "\(client)")
        bed.finish()
    }
}
