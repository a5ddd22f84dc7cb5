import Glibc

/// Runs blocking `body` (a WaitSet run, a timed receive, a futex wait) on a thread of its own and awaits its result.
///
/// Swift concurrency's pool has as many threads as the machine has cores (two on CI). Every test of the package
/// runs in one process on that pool, so a test that blocks a pool thread while it waits for another process stalls
/// the other tests' tasks (spawning their helpers, reading their output) for as long as it waits; two such tests
/// stall them all, and their helpers then time out waiting for peers that were never started.
///
/// What `body` captured is released before the caller resumes, so a test can check right after the `await` that
/// the ports it handed over are gone.
public func onOwnThread<Value: Sendable>(
    _ body: @escaping @Sendable () throws -> Value
) async throws -> Value {
    try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Value, any Error>) in
        let work = Unmanaged.passRetained(
            OwnThreadWork {
                let outcome = Result { try body() }
                return { continuation.resume(with: outcome) }
            })
        var thread = pthread_t()
        let started = pthread_create(&thread, nil, { context in
            Unmanaged<OwnThreadWork>.fromOpaque(context!).takeRetainedValue().run()
            return nil
        }, work.toOpaque())
        if started == 0 {
            pthread_detach(thread)
        } else {
            work.takeRetainedValue().run()  // no thread: run here rather than not at all
        }
    }
}

/// What a thread of ``onOwnThread(_:)`` runs: the work, which returns how to resume the caller.
private final class OwnThreadWork: @unchecked Sendable {
    // Touched only by the thread that runs it, after it was handed over.
    private var job: (@Sendable () -> @Sendable () -> Void)?

    init(_ job: @escaping @Sendable () -> @Sendable () -> Void) { self.job = job }

    func run() {
        var job = self.job
        self.job = nil
        let resume = job!()
        job = nil  // the work's captures go before the caller resumes
        resume()
    }
}
