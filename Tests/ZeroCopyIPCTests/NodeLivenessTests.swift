import Glibc
import Testing
import ZeroCopyIPC

/// A node stays alive for other processes whatever its own process reads. Listing nodes opens every node's
/// monitor file, its own too; with process-owned fcntl locks, closing that descriptor dropped the node's liveness
/// lock, and the next cleanup in any other process removed the live node's ports and services.
@Suite struct NodeLivenessTests {
    @Test func aProcessThatListedItsOwnNodeIsNotTakenForDead() async throws {
        let bed = TestBed()
        do {
            let (seen, _) = try await withHelper(
                "list-nodes-and-hold", bed, ["--service", "liveness"], killAtEnd: true
            ) { lines in
                #expect(try await lines.waitFor("READY") != nil)
                let node = try NodeBuilder().name("checker").config(bed.config).create()  // creation cleans up too
                let cleaned = node.tryCleanupDeadNodes()
                let states = Node.list(config: bed.config).filter { $0.name == "list-nodes-and-hold" }.map(\.state)
                // Gone with its wrongly cleaned-up node, the service does not open.
                let service = try? node.serviceBuilder(ServiceName("liveness")).requestResponse(Ping.self, Pong.self)
                    .open()
                return (cleaned: cleaned, states: states, servers: service?.numberOfServers ?? 0)
            }
            #expect(seen.cleaned == 0, "a live node was cleaned up")
            #expect(seen.states == [.alive])
            #expect(seen.servers == 1, "the live node's server was removed")
            // Killed now: it is dead for real, and cleanup takes what it left.
            let node = try NodeBuilder().name("cleaner").config(bed.config).create()
            for _ in 0..<500 where Node.list(config: bed.config).count > 1 {
                _ = node.tryCleanupDeadNodes()
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(Node.list(config: bed.config).map(\.name) == ["cleaner"])
        }
        bed.finish()
    }
}
