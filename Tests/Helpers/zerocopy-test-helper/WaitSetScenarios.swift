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
        service = try node.serviceBuilder(ServiceName(options.service)).event().openOrCreate()
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
    // The ids, not the guards: a stored closure must not capture a noncopyable guard.
    let (eventsId, tickId) = (events.id, tick.id)
    let body = { (id: WaitSetAttachmentId) -> CallbackProgression in
        if id == eventsId { say("EVENTS \(listener.tryWait().count)") }
        if id == tickId { say("TICK") }
        return .continue
    }
    let result: Result<WaitSetRunResult, WaitSetRunError>
    if options.int("async", 0) == 1 {
        let box = ResultBox()
        box.waitSet = waitSet
        box.body = body
        let done = DispatchSemaphoreLike()
        Task {
            do throws(WaitSetRunError) {
                box.value = .success(try await box.waitSet!.waitAndProcessAsync(box.body!))
            } catch {
                box.value = .failure(error)
            }
            // The task lets go of the ports before the main thread ends the process.
            box.waitSet = nil
            box.body = nil
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
    var waitSet: WaitSet?
    var body: ((WaitSetAttachmentId) -> CallbackProgression)?
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
