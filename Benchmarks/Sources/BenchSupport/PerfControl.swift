#if canImport(Glibc)
import Glibc
#endif

/// Lets `perf stat -D -1 --control fifo:CTL,ACK` count exactly the timed round trips (scripts/count-syscalls.sh):
/// with `ZCIPC_PERF_CONTROL=CTL,ACK` set, ``enable()`` and ``disable()`` switch perf's counters on and off and wait
/// for its acknowledgement; without it they do nothing. The same protocol is in Native/bench_common.h.
public struct PerfControl: ~Copyable {
    private let control: Int32
    private let acknowledge: Int32

    /// Opens the two FIFOs named by `ZCIPC_PERF_CONTROL`, or returns `nil` if it is not set.
    public init?() {
        guard let value = getenv("ZCIPC_PERF_CONTROL") else { return nil }
        let paths = String(cString: value).split(separator: ",").map(String.init)
        guard paths.count == 2 else { return nil }
        let control = open(paths[0], O_WRONLY)
        let acknowledge = open(paths[1], O_RDONLY)
        guard control >= 0, acknowledge >= 0 else {
            if control >= 0 { close(control) }
            if acknowledge >= 0 { close(acknowledge) }
            return nil
        }
        self.control = control
        self.acknowledge = acknowledge
    }

    /// Starts counting (returns once perf has acknowledged).
    public func enable() { command("enable\n") }

    /// Stops counting (returns once perf has acknowledged).
    public func disable() { command("disable\n") }

    private func command(_ text: String) {
        var line = text
        line.withUTF8 { bytes in _ = write(control, bytes.baseAddress, bytes.count) }
        var buffer = [UInt8](repeating: 0, count: 16)
        _ = read(acknowledge, &buffer, buffer.count)
    }

    deinit {
        close(control)
        close(acknowledge)
    }
}
