import ArgumentParser
import Glibc
import ZeroCopyIPC
import ZeroCopyIPCTools

/// The exit codes every command keeps to (also in `zcipc --help` and docs/zcipc.md).
enum ExitCodes {
    /// Done as asked.
    static let success: Int32 = 0
    /// Failed: unreadable config, bad JSON or a value that does not fit, a service that cannot be opened, a port
    /// that cannot be created.
    static let failure: Int32 = 1
    /// The node, service (of the pattern the command needs) or config key does not exist.
    static let notFound: Int32 = 2
    /// `--timeout` passed before what was asked arrived: fewer than `--count` samples, events or rate reports (or
    /// none at all without `--count`), a response stream that did not end, subscribers or a server that did not
    /// come.
    static let timedOut: Int32 = 3
    /// A usage error (unknown option or subcommand, an option out of range), from the argument parser.
    static let usage: Int32 = 64
}

/// `--count` and `--timeout`, for the commands that wait.
struct WaitOptions: ParsableArguments {
    @Option(help: "Stop after this many (samples, events, responses or reports).")
    var count: Int?

    @Option(help: "Stop after this many seconds; exit code 3 when what was asked had not arrived by then.")
    var timeout: Double?

    func validate() throws {
        if let count, count < 1 { throw ValidationError("--count must be at least 1") }
        if let timeout, !(timeout >= 0) { throw ValidationError("--timeout must be a number of seconds, 0 or more") }
    }

    /// When the command ends, `nil` for never.
    func deadline() -> ContinuousClock.Instant? { timeout.map { ContinuousClock.now + .seconds($0) } }

    /// Whether `count` items are enough.
    func isDone(_ count: Int) -> Bool { self.count.map { count >= $0 } ?? false }
}

/// A live command's loop: its node, the deadline, the signals that end it.
struct LiveLoop {
    let session: ToolSession
    var deadline: ContinuousClock.Instant?

    /// The longest a single wait takes, so that SIGINT and the deadline are seen promptly.
    static let slice = Duration.milliseconds(100)

    init(_ options: GlobalOptions, deadline: ContinuousClock.Instant?) throws {
        // A reader that goes away (`| head -1`) must end the loop, not kill the process with its ports open.
        signal(SIGPIPE, SIG_IGN)
        session = try access { () throws(ServiceAccessError) in try ToolSession(config: try options.resolved()) }
        self.deadline = deadline
    }

    /// Whether SIGINT or SIGTERM arrived: the command ends cleanly (exit 0 unless its own result says otherwise).
    var interrupted: Bool { (try? session.node.wait(.zero)) == nil }

    /// Whether the deadline passed.
    var timedOut: Bool { deadline.map { ContinuousClock.now >= $0 } ?? false }

    /// How long the next wait may take: a slice, or what is left before the deadline.
    var nextWait: Duration {
        guard let deadline else { return Self.slice }
        return max(.zero, min(Self.slice, deadline - ContinuousClock.now))
    }

    /// Sleeps `duration` unless a signal or the deadline comes first.
    /// - Returns: Whether the whole sleep passed.
    func pause(_ duration: Duration) -> Bool {
        let end = ContinuousClock.now + duration
        while ContinuousClock.now < end {
            if interrupted || timedOut { return false }
            let left = end - ContinuousClock.now
            do { try session.node.wait(min(left, Self.slice)) } catch { return false }
        }
        return true
    }

    /// Waits until `condition` holds, a signal arrives or the deadline passes.
    /// - Returns: Whether the condition holds.
    func wait(until condition: () -> Bool) -> Bool {
        while !condition() {
            if interrupted || timedOut { return false }
            do { try session.node.wait(.milliseconds(10)) } catch { return false }
        }
        return true
    }
}

/// Prints one line and flushes it, so that a pipe sees each sample as it comes.
/// - Returns: Whether standard output still takes lines (`false` once its reader went away).
func emit(_ line: String) -> Bool {
    print(line)
    return fflush(nil) == 0
}

/// Runs `body`, turning its ``ServiceAccessError`` into a ``Failure`` with exit code 2 (not found) or 1.
func access<T>(_ body: () throws(ServiceAccessError) -> T) throws(Failure) -> T {
    do {
        return try body()
    } catch {
        throw Failure(message: error.message, code: error.isNotFound ? ExitCodes.notFound : ExitCodes.failure)
    }
}

/// Runs `body`, turning a value that does not fit into a ``Failure`` naming the field.
func encoding<T>(_ body: () throws(PayloadEncodingError) -> T) throws(Failure) -> T {
    do {
        return try body()
    } catch {
        throw Failure(message: error.description)
    }
}

/// Turns any runtime error (`PortCreateError`, `LoanError`, `ReceiveError`, …) into a ``Failure``.
func runtime<T: ~Copyable>(_ what: String, _ body: () throws -> T) throws(Failure) -> T {
    do {
        return try body()
    } catch let failure as Failure {
        throw failure
    } catch {
        throw Failure(message: "\(what): \(error)")
    }
}

/// A message as one JSON line or indented text: its origin, its user header, its payload.
struct MessageLine {
    var origin: [(String, PayloadValue)]
    var userHeader: PayloadValue?
    var payload: PayloadValue

    var json: String {
        var members = origin.map { PayloadValue.Member($0.0, $0.1) }
        if let userHeader { members.append(.init("userHeader", userHeader)) }
        members.append(.init("payload", payload))
        return PayloadValue.object(members).json
    }

    func text(title: String) -> String {
        var lines = [title]
        if let userHeader { lines.append(Self.render("user header", userHeader, indent: "  ")) }
        switch payload {
        case .object(let members) where !(members.count == 2 && payload["hex"] != nil):
            lines.append(payload.text(indent: "  "))
        case .array(let elements):
            lines.append("  \(elements.count) element\(elements.count == 1 ? "" : "s")")
            for (index, element) in elements.enumerated() {
                lines.append(Self.render("[\(index)]", element, indent: "  "))
            }
        default:
            lines.append(Self.render("payload", payload, indent: "  "))
        }
        return lines.joined(separator: "\n")
    }

    static func render(_ name: String, _ value: PayloadValue, indent: String) -> String {
        if case .object(let members) = value, !members.isEmpty, value["hex"] == nil {
            return "\(indent)\(name):\n" + value.text(indent: indent + "  ")
        }
        return "\(indent)\(name): \(value.json)"
    }
}

extension GlobalOptions {
    /// ``resolvedConfig()`` as a ``ServiceAccessError``-free call for ``ToolSession``.
    func resolved() throws(ServiceAccessError) -> Config {
        do {
            return try resolvedConfig()
        } catch {
            throw ServiceAccessError(isNotFound: false, message: "\(error)")
        }
    }
}
