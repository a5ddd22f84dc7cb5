/// Command-line options shared by every benchmark, spelled as in the native baselines
/// (`Benchmarks/Native/bench_common.h`): `--iterations N --warmup N --max-seconds S --size N[K|M] --smoke`.
public struct BenchOptions: Sendable {
    /// Timed round trips (an upper bound: `maxSeconds` may stop earlier).
    public var iterations = 200_000
    /// Untimed round trips before timing starts.
    public var warmup = 20_000
    /// Stops timing after this many seconds (large payloads, slow machines).
    public var maxSeconds = 3.0
    /// Payload size in bytes.
    public var size = 8
    /// Set by `--smoke`: a handful of round trips, to prove that the benchmark still runs.
    public var smoke = false
    /// Arguments this parser does not know, in order (benchmark-specific, e.g. the server's `--serve NAME`).
    public var rest: [String] = []

    public init() {}

    /// Parses `arguments` (without the program name and subcommand).
    public init(parsing arguments: [String]) throws(BenchError) {
        var index = 0
        func value(_ option: String) throws(BenchError) -> String {
            index += 1
            guard index < arguments.count else { throw BenchError("option \(option) needs a value") }
            return arguments[index]
        }
        while index < arguments.count {
            let argument = arguments[index]
            switch argument {
            case "--smoke":
                smoke = true
                iterations = 20
                warmup = 2
                maxSeconds = 1
            case "--iterations": iterations = try Self.integer(value(argument), argument)
            case "--warmup": warmup = try Self.integer(value(argument), argument)
            case "--size": size = try Self.size(value(argument))
            case "--max-seconds":
                let text = try value(argument)
                guard let seconds = Double(text) else { throw BenchError("--max-seconds: not a number: \(text)") }
                maxSeconds = seconds
            default: rest.append(argument)
            }
            index += 1
        }
        iterations = max(iterations, 1)
        size = max(size, 8)
    }

    static func integer(_ text: String, _ option: String) throws(BenchError) -> Int {
        guard let value = Int(text), value >= 0 else { throw BenchError("\(option): not a count: \(text)") }
        return value
    }

    /// `8`, `4K`, `64K`, `1M`, `16M`.
    static func size(_ text: String) throws(BenchError) -> Int {
        var digits = Substring(text)
        var shift = 0
        if let last = digits.last, "kKmM".contains(last) {
            shift = (last == "k" || last == "K") ? 10 : 20
            digits = digits.dropLast()
        }
        guard let value = Int(digits), value >= 0 else { throw BenchError("--size: not a size: \(text)") }
        return value << shift
    }
}

/// A benchmark failure with a sentence for the user.
public struct BenchError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
