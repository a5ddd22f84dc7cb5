import Glibc
import ZeroCopyIPC

/// `--key value` arguments after the scenario name.
struct Options {
    var values: [String: String] = [:]

    init(_ arguments: ArraySlice<String>) {
        var iterator = arguments.makeIterator()
        while let key = iterator.next() {
            guard key.hasPrefix("--") else { continue }
            values[String(key.dropFirst(2))] = iterator.next() ?? ""
        }
    }

    func string(_ key: String, _ fallback: String = "") -> String { values[key] ?? fallback }
    func int(_ key: String, _ fallback: Int) -> Int { values[key].flatMap { Int($0) } ?? fallback }

    var config: Config { Config(rootPath: string("root", "/tmp"), prefix: string("prefix", "zcipct_")) }
    var service: String { string("service", "test/service") }

    var strategy: AllocationStrategy {
        switch string("strategy", "static") {
        case "bestFit": .bestFit
        case "powerOfTwo": .powerOfTwo
        default: .static
        }
    }
}

/// Ends the helper with a failure the test shows.
func fail(_ message: String) -> Never {
    print("FAIL \(message)")
    fflush(nil)
    exit(1)
}

/// Prints a line and flushes, so a test reading the stream sees it at once.
func say(_ line: String) {
    print(line)
    fflush(nil)
}

/// Runs `body` until it returns true or `seconds` pass; fails the helper on timeout (a hang guard, not a timing
/// assertion).
func waitFor(_ what: String, seconds: Double = 120, _ body: () -> Bool) {
    let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
    while !body() {
        if ContinuousClock.now > deadline { fail("timed out waiting for \(what)") }
        usleep(1000)
    }
}

func makeNode(_ options: Options, _ name: String) -> Node {
    do {
        return try NodeBuilder().name(name).config(options.config).create()
    } catch {
        fail("node: \(error)")
    }
}
