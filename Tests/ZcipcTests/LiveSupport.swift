import Foundation
import Subprocess
import SystemPackage
import Synchronization
import Testing

/// Runs `zcipc` in a task of its own, so that the test can be its peer (publish, serve, receive) meanwhile.
final class RunningTool: Sendable {
    private final class Flag: Sendable { let value = Atomic<Bool>(false) }
    private let finished = Flag()
    private let task: Task<ToolResult, any Error>

    init(_ arguments: [String], _ bed: ToolBed) {
        let finished = finished
        task = Task {
            defer { finished.value.store(true, ordering: .sequentiallyConsistent) }
            return try await zcipc(arguments, bed)
        }
    }

    /// Whether the process has ended.
    var isFinished: Bool { finished.value.load(ordering: .sequentiallyConsistent) }

    /// How the process ended.
    var result: ToolResult { get async throws { try await task.value } }
}

/// Polls `condition` every few milliseconds until it holds; a hang guard of a minute, not a timing assertion.
func eventually(_ what: String, _ condition: () throws -> Bool) async throws {
    let deadline = ContinuousClock.now + .seconds(120)
    while try !condition() {
        if ContinuousClock.now > deadline {
            Issue.record("timed out waiting for \(what)")
            throw CancellationError()
        }
        try await Task.sleep(for: .milliseconds(5))
    }
}

/// A JSON value as the tests compare it: every number as a Double (exact for the integers the tests use), objects
/// by key, independent of the tool's own JSON types.
indirect enum JSON: Decodable, Equatable, CustomStringConvertible {
    case bool(Bool), number(Double), string(String), array([JSON]), object([String: JSON]), null

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSON].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSON].self))
        }
    }

    init(parsing text: some StringProtocol) throws { self = try JSONDecoder().decode(JSON.self, from: Data(text.utf8)) }

    subscript(key: String) -> JSON? {
        guard case .object(let members) = self else { return nil }
        return members[key]
    }

    var number: Double? {
        guard case .number(let value) = self else { return nil }
        return value
    }

    var description: String {
        switch self {
        case .bool(let value): "\(value)"
        case .number(let value): "\(value)"
        case .string(let value): "\"\(value)\""
        case .array(let values): "[" + values.map(\.description).joined(separator: ",") + "]"
        case .object(let members):
            "{" + members.sorted { $0.key < $1.key }.map { "\($0.key):\($0.value)" }.joined(separator: ",") + "}"
        case .null: "null"
        }
    }
}

/// The standard output's lines, each parsed as JSON.
func jsonLines(_ result: ToolResult) throws -> [JSON] {
    try result.output.split(separator: "\n").map { try JSON(parsing: $0) }
}

/// Compares a decoded value with the expected JSON field by field, so that a failure names the field.
func expectFields(
    _ actual: JSON?, _ expected: String, _ context: String, sourceLocation: SourceLocation = #_sourceLocation
) throws {
    let wanted = try JSON(parsing: expected)
    guard case .object(let wantedMembers) = wanted, case .object(let actualMembers)? = actual else {
        #expect(actual == wanted, "\(context)", sourceLocation: sourceLocation)
        return
    }
    #expect(
        Set(actualMembers.keys) == Set(wantedMembers.keys), "\(context): the fields", sourceLocation: sourceLocation)
    for (key, value) in wantedMembers {
        #expect(actualMembers[key] == value, "\(context): field \(key)", sourceLocation: sourceLocation)
    }
}
