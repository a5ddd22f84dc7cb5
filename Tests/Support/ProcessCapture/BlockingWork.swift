import Glibc
import Synchronization

/// Blocking work (a WaitSet run, a timed receive, a futex wait, a publishing loop) on a thread of its own, started
/// at once; ``value`` awaits its result.
///
/// Swift concurrency's pool has as many threads as the machine has cores (two on CI). Every test of the package
/// runs in one process on that pool, so a test that blocks a pool thread while it waits for another process stalls
/// the other tests' tasks (spawning their helpers, reading their output) for as long as it waits; two such tests
/// stall them all, and their helpers then time out waiting for peers that were never started. Work that must
/// happen within a peer's deadline cannot wait for a pool thread either: start it here, not in an `async let`
/// (whose child task waits for a pool thread before it runs).
///
/// What the work captured is released before ``value`` returns, so a test can check right after that the ports it
/// handed over are gone.
public final class OwnThread<Value: Sendable>: Sendable {
    private enum State {
        case running
        case finished(Result<Value, any Error>)
        case awaited(CheckedContinuation<Value, any Error>)
    }

    private let state = Mutex<State>(.running)

    /// Starts `body` on a new thread.
    /// - Parameter body: The blocking work.
    public init(_ body: @escaping @Sendable () throws -> Value) {
        startThread { [self] in
            let outcome = Result { try body() }
            return { self.finish(outcome) }
        }
    }

    /// The work's result, once it finished.
    public var value: Value {
        get async throws {
            try await withCheckedThrowingContinuation { continuation in
                let finished: Result<Value, any Error>? = state.withLock { state in
                    if case .finished(let outcome) = state { return outcome }
                    state = .awaited(continuation)
                    return nil
                }
                if let finished { continuation.resume(with: finished) }
            }
        }
    }

    private func finish(_ outcome: Result<Value, any Error>) {
        let waiting: CheckedContinuation<Value, any Error>? = state.withLock { state in
            defer { state = .finished(outcome) }
            if case .awaited(let continuation) = state { return continuation }
            return nil
        }
        waiting?.resume(with: outcome)
    }
}

/// Runs blocking `body` on a thread of its own and awaits its result (``OwnThread`` started and awaited at once).
public func onOwnThread<Value: Sendable>(_ body: @escaping @Sendable () throws -> Value) async throws -> Value {
    try await OwnThread(body).value
}

/// Runs `job` on a new detached thread, then the closure it returns, after `job` and its captures are gone.
private func startThread(_ job: @escaping @Sendable () -> @Sendable () -> Void) {
    let work = Unmanaged.passRetained(ThreadWork(job))
    var thread = pthread_t()
    let started = pthread_create(&thread, nil, { context in
        Unmanaged<ThreadWork>.fromOpaque(context!).takeRetainedValue().run()
        return nil
    }, work.toOpaque())
    if started == 0 {
        pthread_detach(thread)
    } else {
        work.takeRetainedValue().run()  // no thread: run here rather than not at all
    }
}

/// What a thread of ``startThread(_:)`` runs.
private final class ThreadWork: @unchecked Sendable {
    // Touched only by the thread that runs it, after it was handed over.
    private var job: (@Sendable () -> @Sendable () -> Void)?

    init(_ job: @escaping @Sendable () -> @Sendable () -> Void) { self.job = job }

    func run() {
        var job = self.job
        self.job = nil
        let then = job!()
        job = nil  // the work's captures go before the caller resumes
        then()
    }
}
