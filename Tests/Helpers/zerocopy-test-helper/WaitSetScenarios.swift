import Glibc
import ZeroCopyIPC

// WaitSet scenarios: a process that runs a WaitSet loop until a signal ends it.

/// Opens the event service `--service` (the test created it), attaches a listener and a one-second interval to a
/// WaitSet, prints `READY`, then runs `waitAndProcess` (`--async 1`: `waitAndProcessAsync` in a task) until SIGINT
/// or SIGTERM; prints `EVENTS n` per notification handled and `RESULT <how it ended>`, and exits 0.
func runWaitSetLoop(_ options: Options) {
    let node = makeNode(options, "waitset-loop")
    let service: EventService
    let listener: Listener
    let waitSet: WaitSet
    do {
        service = try node.serviceBuilder(ServiceName(options.service)).event().open()
        listener = try service.listenerBuilder().create()
        waitSet = try WaitSetBuilder().create()
    } catch {
        fail("setup: \(error)")
    }
    let events: WaitSetGuard
    let tick: WaitSetGuard
    do {
        events = try waitSet.attachNotification(listener)
        tick = try waitSet.attachInterval(.seconds(1))
    } catch {
        fail("attach: \(error)")
    }
    say("READY")
    let body = { (id: WaitSetAttachmentId) -> CallbackProgression in
        if id == events.id { say("EVENTS \(listener.tryWait().count)") }
        if id.hasEvent(from: tick) { say("TICK") }
        return .continue
    }
    let result: Result<WaitSetRunResult, WaitSetRunError>
    if options.int("async", 0) == 1 {
        let box = ResultBox()
        let done = DispatchSemaphoreLike()
        nonisolated(unsafe) let unsafeWaitSet = waitSet
        nonisolated(unsafe) let unsafeBody = body
        Task {
            do throws(WaitSetRunError) {
                box.value = .success(try await unsafeWaitSet.waitAndProcessAsync(unsafeBody))
            } catch {
                box.value = .failure(error)
            }
            done.signal()
        }
        done.wait()
        result = box.value!
    } else {
        result = Result { () throws(WaitSetRunError) in try waitSet.waitAndProcess(body) }
    }
    switch result {
    case .success(let how): say("RESULT \(how)")
    case .failure(let error): fail("run: \(error)")
    }
    _ = consume events
    _ = consume tick
}

/// Where the task of the async form leaves its result.
private final class ResultBox: @unchecked Sendable {
    var value: Result<WaitSetRunResult, WaitSetRunError>?
}

/// A one-shot signal between the task and the main thread, on a pipe (no Dispatch or Foundation needed).
private final class DispatchSemaphoreLike: @unchecked Sendable {
    private var fds: [Int32] = [0, 0]
    init() { _ = pipe(&fds) }
    func signal() {
        var byte: UInt8 = 1
        _ = write(fds[1], &byte, 1)
    }
    func wait() {
        var byte: UInt8 = 0
        while read(fds[0], &byte, 1) != 1 {}
    }
}
