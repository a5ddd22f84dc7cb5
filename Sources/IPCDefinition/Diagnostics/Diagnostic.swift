/// A problem found in a definition, rendered like a compiler message:
/// `Definitions/Sensor.ipcdef:12:5: error: unknown type 'u33'; did you mean 'u32'?`
public struct Diagnostic: Error, Sendable, Hashable, CustomStringConvertible {
    /// How serious a diagnostic is.
    public enum Severity: String, Sendable, Hashable {
        /// The definition cannot be used.
        case error
        /// The definition works but is probably not what was meant.
        case warning
        /// Extra information attached to an error or warning.
        case note
    }

    /// A secondary message that points at a related place, such as an earlier declaration.
    public struct Note: Sendable, Hashable, CustomStringConvertible {
        /// The text of the note.
        public var message: String
        /// Where the note points.
        public var location: SourceLocation

        /// Creates a note.
        /// - Parameters:
        ///   - message: The text.
        ///   - location: Where it points.
        public init(_ message: String, at location: SourceLocation) {
            self.message = message
            self.location = location
        }

        /// `file:line:col: note: message`.
        public var description: String { "\(location): note: \(message)" }
    }

    /// How serious the problem is.
    public var severity: Severity
    /// The message, one sentence without a trailing period.
    public var message: String
    /// Where the problem is.
    public var location: SourceLocation
    /// Related places.
    public var notes: [Note]

    /// Creates a diagnostic.
    /// - Parameters:
    ///   - severity: How serious it is.
    ///   - message: The message.
    ///   - location: Where the problem is.
    ///   - notes: Related places.
    public init(_ severity: Severity, _ message: String, at location: SourceLocation, notes: [Note] = []) {
        self.severity = severity
        self.message = message
        self.location = location
        self.notes = notes
    }

    /// Shorthand for an error.
    public static func error(_ message: String, at location: SourceLocation, notes: [Note] = []) -> Diagnostic {
        Diagnostic(.error, message, at: location, notes: notes)
    }

    /// The diagnostic and its notes, one per line, in compiler format.
    public var description: String {
        ([ "\(location): \(severity.rawValue): \(message)" ] + notes.map(\.description)).joined(separator: "\n")
    }
}

/// Every diagnostic of one run, thrown when at least one of them is an error.
public struct DiagnosticList: Error, Sendable, CustomStringConvertible {
    /// The diagnostics in the order they were found (sorted by location for output).
    public var diagnostics: [Diagnostic]

    /// Creates a list.
    /// - Parameter diagnostics: The diagnostics.
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }

    /// Whether any diagnostic is an error.
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// Every diagnostic, sorted by location, one per line.
    public var description: String {
        diagnostics.sorted { $0.location < $1.location }.map(\.description).joined(separator: "\n")
    }
}
