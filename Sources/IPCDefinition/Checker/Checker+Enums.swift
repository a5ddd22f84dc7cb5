// Checks for enums and flags.

extension Checker {
    mutating func checkEnum(_ syntax: EnumSyntax, id: TypeID) -> EnumDefinition? {
        let attributes = checkAttributes(syntax.attributes, allowingAlign: false, on: "enum '\(syntax.name)'")
        checkName(syntax.name, what: "type", at: syntax.location)
        var valid = true
        let underlying = Primitive(rawValue: syntax.underlying)
        if syntax.underlying.isEmpty {
            valid = false
        } else if underlying == nil || !underlying!.isInteger {
            var message = "the type of enum '\(syntax.name)' must be an integer type (u8, u16, u32, u64, i8, i16, "
                + "i32, i64), found '\(syntax.underlying)'"
            if underlying == nil,
                let suggestion = Suggestions.closest(
                    to: syntax.underlying, among: Primitive.allCases.filter(\.isInteger).map(\.rawValue))
            {
                message += "; did you mean '\(suggestion)'?"
            }
            diagnostics.append(.error(message, at: syntax.underlyingLocation))
            valid = false
        }
        if syntax.cases.isEmpty {
            diagnostics.append(.error("enum '\(syntax.name)' has no cases", at: syntax.location))
            valid = false
        }
        var names: [String: SourceLocation] = [:]
        var values: [Int128: EnumCaseSyntax] = [:]
        var cases: [EnumCase] = []
        for item in syntax.cases {
            checkName(item.name, what: "case", at: item.location)
            if ["typeName", "zeroCopyLayout", "rawValue", "allCases"].contains(item.name) {
                diagnostics.append(.error(
                    "case name '\(item.name)' is reserved for generated code; choose another name", at: item.location))
                valid = false
            }
            if let previous = names[item.name] {
                diagnostics.append(.error(
                    "duplicate case '\(item.name)' in enum '\(syntax.name)'", at: item.location,
                    notes: [.init("'\(item.name)' was first declared here", at: previous)]))
                valid = false
                continue
            }
            names[item.name] = item.location
            if let range = underlying?.integerRange, !range.contains(item.value) {
                diagnostics.append(.error(
                    "value \(item.value) of case '\(item.name)' is out of range for '\(syntax.underlying)' "
                        + "(\(range.lowerBound)...\(range.upperBound))", at: item.valueLocation))
                valid = false
            } else if let previous = values[item.value] {
                diagnostics.append(.error(
                    "duplicate value \(item.value) for case '\(item.name)' in enum '\(syntax.name)'",
                    at: item.valueLocation,
                    notes: [.init("case '\(previous.name)' already has the value \(item.value)", at: previous.location)]))
                valid = false
            } else {
                values[item.value] = item
            }
            cases.append(EnumCase(
                name: item.name, value: item.value, documentation: item.documentation, location: item.location))
        }
        let collisions = SwiftNameCollisions.check(
            syntax.cases.map { ($0.name, $0.location) }, spell: SwiftNaming.lowerCamel, what: "cases",
            scope: "of enum '\(syntax.name)'")
        diagnostics += collisions
        guard valid, collisions.isEmpty, let underlying else { return nil }
        let typeName = attributes.typeName ?? id.qualifiedName
        var fingerprint = Fingerprint()
        fingerprint.combine(syntax.isFlags ? "flags" : "enum")
        fingerprint.combine(typeName)
        fingerprint.combine(underlying.rawValue)
        for item in cases {
            fingerprint.combine(item.name)
            fingerprint.combine(String(item.value))
        }
        return EnumDefinition(
            id: id, typeName: typeName, documentation: syntax.documentation, underlying: underlying, cases: cases,
            location: syntax.location, fingerprint: fingerprint.value, cName: cNameAttribute(syntax.attributes),
            isFlags: syntax.isFlags)
    }
}
