// Checks for tagged unions and services (language version 2).

extension Checker {
    /// Names that a union case cannot have, because the generated Swift uses them.
    static let reservedUnionCaseNames: Set<String> = ["unknown"]

    mutating func checkUnion(_ syntax: UnionSyntax, id: TypeID, resolver: TypeResolver)
        -> LayoutEngine.PendingStruct?
    {
        let attributes = checkAttributes(syntax.attributes, allowingAlign: false, on: "union '\(syntax.name)'")
        checkName(syntax.name, what: "type", at: syntax.location)
        var valid = true
        var tag = Primitive.u8
        if !syntax.tag.isEmpty {
            if let given = Primitive(rawValue: syntax.tag), given.isInteger {
                tag = given
            } else {
                var message = "the tag of union '\(syntax.name)' must be an integer type (u8, u16, u32, u64, i8, "
                    + "i16, i32, i64), found '\(syntax.tag)'"
                if Primitive(rawValue: syntax.tag) == nil, let suggestion = Suggestions.closest(
                    to: syntax.tag, among: Primitive.allCases.filter(\.isInteger).map(\.rawValue))
                {
                    message += "; did you mean '\(suggestion)'?"
                }
                diagnostics.append(.error(message, at: syntax.tagLocation))
                valid = false
            }
        } else if syntax.cases.count > 256 {
            tag = .u16
        }
        if syntax.cases.isEmpty {
            if !syntax.hadSyntaxErrors {
                diagnostics.append(.error("union '\(syntax.name)' has no cases", at: syntax.location))
            }
            return nil
        }
        if let range = tag.integerRange, Int128(syntax.cases.count - 1) > range.upperBound {
            diagnostics.append(.error(
                "union '\(syntax.name)' has \(syntax.cases.count) cases, more than its tag '\(tag.rawValue)' can "
                    + "number (0...\(range.upperBound)); use a wider tag type", at: syntax.tagLocation))
            valid = false
        }
        var seen: [String: SourceLocation] = [:]
        var cases: [UnionCase] = []
        var payloads: [FieldDefinition] = []
        for (index, item) in syntax.cases.enumerated() {
            checkName(item.name, what: "case", at: item.location)
            if Self.reservedUnionCaseNames.contains(SwiftNaming.lowerCamel(item.name)) {
                diagnostics.append(.error(
                    "case name '\(item.name)' is reserved: the generated Swift reads a tag no case names as "
                        + "'.unknown'; choose another name", at: item.location))
                valid = false
            }
            if let previous = seen[item.name] {
                diagnostics.append(.error(
                    "duplicate case '\(item.name)' in union '\(syntax.name)'", at: item.location,
                    notes: [.init("'\(item.name)' was first declared here", at: previous)]))
                valid = false
                continue
            }
            seen[item.name] = item.location
            var type: FieldType?
            if let written = item.type {
                guard let resolved = resolver.resolve(written, diagnostics: &diagnostics) else {
                    valid = false
                    continue
                }
                type = resolved
                payloads.append(FieldDefinition(
                    name: item.name, type: resolved, documentation: item.documentation, location: item.location))
            }
            cases.append(UnionCase(
                name: item.name, tag: Int128(index), type: type, documentation: item.documentation,
                location: item.location))
        }
        if valid && payloads.isEmpty {
            diagnostics.append(.error(
                "union '\(syntax.name)' has no case with a payload; use an enum instead", at: syntax.location))
            valid = false
        }
        let collisions = SwiftNameCollisions.check(
            syntax.cases.map { ($0.name, $0.location) }, spell: SwiftNaming.lowerCamel, what: "cases",
            scope: "of union '\(syntax.name)'")
        diagnostics += collisions
        guard valid, collisions.isEmpty else { return nil }
        return LayoutEngine.PendingStruct(
            id: id, typeName: attributes.typeName ?? id.qualifiedName, alignAttribute: nil, fields: payloads,
            unionCases: cases, unionTag: tag)
    }

    // MARK: - Services

    mutating func checkServiceMembers(
        _ syntax: ServiceSyntax, identifier: String, resolver: TypeResolver, valid: Bool
    ) -> ServiceDefinition? {
        var valid = valid
        let pattern = MessagingPattern(rawValue: syntax.pattern ?? "request_response")
        guard let pattern else { return nil }  // reported by the parser
        func payload(_ member: String, required: Bool) -> PayloadType? {
            guard let written = syntax.members[member] else {
                if required {
                    diagnostics.append(.error(
                        "service \"\(syntax.serviceName)\" has no '\(member)'; write '\(member): Type'",
                        at: syntax.location))
                    valid = false
                }
                return nil
            }
            guard let type = resolver.resolve(written.payload.type, diagnostics: &diagnostics) else {
                valid = false
                return nil
            }
            return written.payload.isSlice ? .slice(type) : .single(type)
        }
        func header(_ member: String) -> FieldType? {
            guard let written = syntax.members[member], let type = payload(member, required: false) else { return nil }
            guard case .single(let single) = type else {
                diagnostics.append(.error(
                    "'\(member)' must be a type, not a slice; a user header has a fixed size", at: written.location))
                valid = false
                return nil
            }
            return single
        }
        var result = ServiceDefinition(
            serviceName: syntax.serviceName, identifier: identifier, pattern: pattern,
            documentation: syntax.documentation, location: syntax.location)
        switch pattern {
        case .requestResponse:
            result.request = payload("request", required: true)
            result.response = payload("response", required: true)
            result.requestHeader = header("request_header")
            result.responseHeader = header("response_header")
        case .publishSubscribe:
            result.payload = payload("payload", required: true)
            result.userHeader = header("user_header")
        case .event:
            break
        }
        return valid ? result : nil
    }
}

extension ServiceDefinition {
    /// A service with only its name, pattern and documentation; the checker fills in the members.
    init(
        serviceName: String, identifier: String, pattern: MessagingPattern, documentation: [String],
        location: SourceLocation
    ) {
        self.serviceName = serviceName
        self.identifier = identifier
        self.pattern = pattern
        self.documentation = documentation
        self.location = location
    }
}
