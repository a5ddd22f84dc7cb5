// The declarations of language version 2: unions, aliases, services of every messaging pattern, constant
// expressions and field defaults.

extension Parser {
    /// The members a service may have, by messaging pattern.
    static let serviceMembers: [String: [String]] = [
        "request_response": ["request", "response", "request_header", "response_header"],
        "publish_subscribe": ["payload", "user_header"],
        "event": [],
    ]

    // MARK: - Services

    mutating func parseService(documentation: [String], attributes: [AttributeSyntax]) -> ServiceSyntax? {
        advance()
        let location = current.location
        var identifier: String?
        if case .identifier(let name) = current.kind {
            identifier = name
            advance()
        }
        guard case .string(let serviceName) = current.kind else {
            error("expected the service name as a quoted string, e.g. service \"Camera/Frames\" { … }",
                  at: current.location)
            recoverToNextDeclaration()
            return nil
        }
        advance()
        var result = ServiceSyntax(
            serviceName: serviceName, identifier: identifier, location: location, attributes: attributes,
            documentation: documentation)
        if case .identifier(let pattern) = current.kind {
            result.pattern = pattern
            result.patternLocation = current.location
            advance()
            if Self.serviceMembers[pattern] == nil {
                let suggestion = Suggestions.closest(to: pattern, among: Self.serviceMembers.keys.sorted())
                error("unknown messaging pattern '\(pattern)'; write 'request_response', 'publish_subscribe' or "
                      + "'event'" + (suggestion.map { " (did you mean '\($0)'?)" } ?? ""), at: result.patternLocation!)
            }
        }
        if result.pattern == "event" && !isPunctuation("{") {
            expectEndOfLine()
            return result
        }
        guard expect("{", context: "after the service name") else {
            recoverToNextDeclaration()
            return nil
        }
        parseMembers(closing: "service \"\(serviceName)\"") { parser in
            parser.parseServiceMember(into: &result)
        }
        return result
    }

    mutating func parseServiceMember(into result: inout ServiceSyntax) {
        let serviceName = result.serviceName
        _ = takeDocumentation()
        let memberToken = current
        let pattern = result.pattern ?? "request_response"
        // An unknown pattern was reported already; accept any known member rather than report it again.
        let allowed = Self.serviceMembers[pattern] ?? Self.serviceMembers.values.flatMap { $0 }.sorted()
        let list = allowed.map { "'\($0)'" }.joined(separator: ", ")
        guard let member = expectIdentifier(allowed.isEmpty ? "'}'" : list) else {
            recoverToEndOfLine()
            return
        }
        guard expect(":", context: "after '\(member)'"), let payload = parsePayload() else {
            recoverToEndOfLine()
            return
        }
        if !allowed.contains(member) {
            let known = Self.serviceMembers.values.flatMap { $0 }
            if known.contains(member) {
                error("a \(pattern) service has no '\(member)'"
                      + (allowed.isEmpty ? "; an event service has no members" : "; it has \(list)"),
                      at: memberToken.location)
            } else {
                let suggestion = Suggestions.closest(to: member, among: allowed)
                error("unknown service member '\(member)'; a \(pattern) service has \(list)"
                      + (suggestion.map { " (did you mean '\($0)'?)" } ?? ""), at: memberToken.location)
            }
        } else if result.members[member] != nil {
            error("duplicate '\(member)' in service \"\(serviceName)\"", at: memberToken.location)
        } else {
            result.members[member] = (payload, memberToken.location)
        }
        _ = consume(",") || consume(";")
    }

    // MARK: - Unions and aliases

    mutating func parseUnion(documentation: [String], attributes: [AttributeSyntax]) -> UnionSyntax? {
        advance()
        let location = current.location
        guard let name = expectIdentifier("union name") else {
            recoverToNextDeclaration()
            return nil
        }
        var tag = ""
        var tagLocation = location
        if consume(":") {
            tagLocation = current.location
            tag = expectIdentifier("integer type of the tag") ?? ""
        }
        let errorsBefore = diagnostics.count
        var result = UnionSyntax(
            name: name, location: location, tag: tag, tagLocation: tagLocation, attributes: attributes,
            documentation: documentation, cases: [])
        guard expect("{", context: "after the union's name or tag type") else {
            recoverToNextDeclaration()
            return result
        }
        parseMembers(closing: "union '\(name)'") { parser in
            let caseDocumentation = parser.takeDocumentation()
            let caseLocation = parser.current.location
            guard let caseName = parser.expectIdentifier("case name") else {
                parser.recoverToEndOfLine()
                return
            }
            var type: TypeSyntax?
            if parser.consume(":") {
                guard let parsed = parser.parseType(allowSlice: false) else {
                    parser.recoverToEndOfLine()
                    return
                }
                type = parsed
            }
            result.cases.append(UnionCaseSyntax(
                name: caseName, location: caseLocation, type: type, documentation: caseDocumentation))
            parser.expectMemberEnd(what: "case")
        }
        result.hadSyntaxErrors = diagnostics.count > errorsBefore
        return result
    }

    mutating func parseAlias(documentation: [String]) -> AliasSyntax? {
        advance()
        let location = current.location
        guard let name = expectIdentifier("type name"), expect("=", context: "after the type name"),
            let type = parseType(allowSlice: false)
        else {
            recoverToEndOfLine()
            return nil
        }
        expectEndOfLine()
        return AliasSyntax(name: name, location: location, type: type, documentation: documentation)
    }

    // MARK: - Values and expressions

    /// A default value: a signed number, a string, or names joined with `|`.
    mutating func parseValue() -> ValueSyntax? {
        let location = current.location
        let negative = consume("-")
        switch current.kind {
        case .integer(let value):
            advance()
            return .integer(negative ? -value : value, location)
        case .nonInteger(let text):
            advance()
            return .number((negative ? "-" : "") + text, location)
        case .string(let text) where !negative:
            advance()
            return .string(text, location)
        case .identifier(let name) where !negative:
            advance()
            var names = [name]
            while consume("|") {
                guard let next = expectIdentifier("name after '|'") else { return nil }
                names.append(next)
            }
            return .names(names, location)
        default:
            error("expected a default value (a number, a string, true, false, none or a case name), found "
                  + current.spelling, at: current.location)
            return nil
        }
    }

    /// `or := shift { "|" shift }`, the lowest precedence, as in C.
    mutating func parseExpression() -> ExpressionSyntax? {
        guard var lhs = parseShift() else { return nil }
        while isPunctuation("|") {
            let location = current.location
            advance()
            guard let rhs = parseShift() else { return nil }
            lhs = .binary("|", lhs, rhs, location)
        }
        return lhs
    }

    /// The value of an expression of literals only (`-1`, `1 << 4`), or `nil` when it names constants or
    /// overflows (the checker then evaluates it and reports why).
    static func fold(_ expression: ExpressionSyntax) -> Int128? {
        switch expression {
        case .integer(let value, _): return value
        case .constant: return nil
        case .negate(let inner, _): return fold(inner).map { -$0 }
        case .binary(let op, let lhs, let rhs, _):
            guard let left = fold(lhs), let right = fold(rhs) else { return nil }
            let range = Int128(Int64.min)...Int128(UInt64.max)
            let result: Int128? = switch op {
            case "+": left + right
            case "-": left - right
            case "*": left.multipliedReportingOverflow(by: right).overflow ? nil : left * right
            case "/": right == 0 ? nil : left / right
            case "%": right == 0 ? nil : left % right
            case "|": left | right
            case "<<": (0..<64).contains(right) ? left.multipliedReportingOverflow(by: Int128(1) << right).partialValue : nil
            default: (0..<64).contains(right) ? left >> right : nil
            }
            return result.flatMap { range.contains($0) ? $0 : nil }
        }
    }

    /// `shift := additive { ("<<" | ">>") additive }`.
    mutating func parseShift() -> ExpressionSyntax? {
        guard var lhs = parseAdditive() else { return nil }
        while (isPunctuation("<") && peekKind(1) == .punctuation("<"))
            || (isPunctuation(">") && peekKind(1) == .punctuation(">"))
        {
            let location = current.location
            let op = isPunctuation("<") ? "<<" : ">>"
            advance()
            advance()
            guard let rhs = parseAdditive() else { return nil }
            lhs = .binary(op, lhs, rhs, location)
        }
        return lhs
    }

    mutating func parseAdditive() -> ExpressionSyntax? {
        guard var lhs = parseMultiplicative() else { return nil }
        while isPunctuation("+") || isPunctuation("-") {
            let location = current.location
            let op = isPunctuation("+") ? "+" : "-"
            advance()
            guard let rhs = parseMultiplicative() else { return nil }
            lhs = .binary(op, lhs, rhs, location)
        }
        return lhs
    }

    mutating func parseMultiplicative() -> ExpressionSyntax? {
        guard var lhs = parseUnary() else { return nil }
        while isPunctuation("*") || isPunctuation("/") || isPunctuation("%") {
            let location = current.location
            let op = isPunctuation("*") ? "*" : isPunctuation("/") ? "/" : "%"
            advance()
            guard let rhs = parseUnary() else { return nil }
            lhs = .binary(op, lhs, rhs, location)
        }
        return lhs
    }

    mutating func parseUnary() -> ExpressionSyntax? {
        let location = current.location
        switch current.kind {
        case .punctuation("-"):
            advance()
            return parseUnary().map { .negate($0, location) }
        case .punctuation("("):
            advance()
            typeNesting += 1
            defer { typeNesting -= 1 }
            guard typeNesting <= Self.maximumTypeNesting else {
                error("expression is nested more than \(Self.maximumTypeNesting) levels deep", at: location)
                return nil
            }
            guard let inner = parseExpression(), expect(")", context: "to close the parenthesis") else { return nil }
            return inner
        case .integer(let value):
            advance()
            return .integer(value, location)
        case .identifier(let name):
            advance()
            return .constant(name, location)
        case .nonInteger(let text):
            error("constant value must be an integer, found '\(text)'", at: location)
            advance()
            return nil
        default:
            error("expected an integer, a constant's name or '(', found \(current.spelling)", at: location)
            return nil
        }
    }
}
