import Glibc

/// Runs blocking `body` (a WaitSet run, a timed receive, a futex wait) on a thread of its own and awaits its result.
///
/// Swift concurrency's pool has as many threads as the machine has cores (two on CI). Every test of the package
/// runs in one process on that pool, so a test that blocks a pool thread while it waits for another process stalls
/// the other tests' tasks (spawning their helpers, reading their output) for as long as it waits; two such tests
/// stall them all, and their helpers then time out waiting for peers that were never started.
public func onOwnThread<Result: Sendable>(
    _ body: @escaping @Sendable () throws -> Result
) async throws -> Result {
    try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Result, any Error>) in
        let work = Unmanaged.passRetained(
            OwnThreadWork {
                do { continuation.resume(returning: try body()) } catch { continuation.resume(throwing: error) }
            })
        var thread = pthread_t()
        let started = pthread_create(&thread, nil, { context in
            let work = Unmanaged<OwnThreadWork>.fromOpaque(context!).takeRetainedValue()
            work.run()
            return nil
        }, work.toOpaque())
        if started == 0 {
            pthread_detach(thread)
        } else {
            // No thread: run here rather than not at all.
            work.takeRetainedValue().run()
        }
    }
}

/// The closure a thread of ``onOwnThread(_:)`` runs.
private final class OwnThreadWork: Sendable {
    let run: @Sendable () -> Void
    init(_ run: @escaping @Sendable () -> Void) { self.run = run }
}
