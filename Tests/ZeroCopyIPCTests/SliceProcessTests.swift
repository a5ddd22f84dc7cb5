import Testing
import ZeroCopyIPC

/// Dynamic slices between real processes: growth by strategy, every byte checked, old segments released.
@Suite struct SliceProcessTests {
    /// 128 requests of 32…4096 bytes, and 16 of 64 KiB…1 MiB.
    @Test(arguments: [("bestFit", 32, 128), ("powerOfTwo", 32, 128), ("bestFit", 65536, 16)])
    func growingSlicesCarryRequestsWithEveryByteChecked(strategy: String, scale: Int, count: Int) async throws {
        let bed = TestBed()
        let options = ["--strategy", strategy, "--initial", "1", "--count", "\(count)", "--scale", "\(scale)"]
        async let server = runHelper("slice-server", bed, options)
        let client = try await runHelper("slice-client", bed, options)
        let served = try await server
        #expect(client.succeeded, "\(client)")
        #expect(served.succeeded, "\(served)")
        // Growth keeps at most the current segment and the one whose last chunks are still in flight.
        let clientSegments = client.value("CLIENT-SEGMENTS")?.split(separator: " ").first.flatMap { Int($0) } ?? 99
        let serverSegments = served.value("SERVER-SEGMENTS")?.split(separator: " ").first.flatMap { Int($0) } ?? 99
        #expect(clientSegments <= 2, "\(client)")
        #expect(serverSegments <= 2, "\(served)")
        #expect(client.value("CLIENT-SEGMENTS")?.hasSuffix("MAXLEN \(scale * count)") == true, "\(client)")
        bed.finish()
    }

    @Test func anOldSegmentWhoseLastChunkComesBackWithADepartingClientIsRemovedSafely() async throws {
        let bed = TestBed()
        let result = try await runHelper("retire-on-disconnect", bed)
        #expect(result.succeeded, "\(result)")
        #expect(result.value("SEGMENTS-BEFORE") == "2", "\(result)")
        #expect(result.value("SEGMENTS") == "1", "\(result)")
        #expect(result.contains("DONE"), "\(result)")
        bed.finish()
    }
}
