/// Finds names that differ in the definition but become the same Swift name (`a_b` and `aB` are both `aB`), which
/// would make the generated Swift fail to compile.
enum SwiftNameCollisions {
    /// One diagnostic for each name whose Swift spelling an earlier name already has.
    /// - Parameters:
    ///   - names: The names in declaration order, with their locations.
    ///   - spell: The Swift spelling rule (``SwiftNaming/lowerCamel(_:)`` or ``SwiftNaming/upperCamel(_:)``).
    ///   - what: What the names are (`"fields"`, `"cases"`, `"types"`, `"constants"`).
    ///   - scope: Where they are, for the message (`"in struct 'A'"`).
    /// - Returns: The diagnostics, in declaration order.
    static func check(
        _ names: [(name: String, location: SourceLocation)], spell: (String) -> String, what: String, scope: String
    ) -> [Diagnostic] {
        var first: [String: (name: String, location: SourceLocation)] = [:]
        var diagnostics: [Diagnostic] = []
        for item in names {
            let swift = spell(item.name)
            if let previous = first[swift] {
                guard previous.name != item.name else { continue }  // a plain duplicate is reported elsewhere
                diagnostics.append(.error(
                    "\(what) '\(previous.name)' and '\(item.name)' \(scope) both become '\(swift)' in Swift; "
                        + "rename one of them", at: item.location,
                    notes: [.init("'\(previous.name)' is declared here", at: previous.location)]))
            } else {
                first[swift] = item
            }
        }
        return diagnostics
    }
}
