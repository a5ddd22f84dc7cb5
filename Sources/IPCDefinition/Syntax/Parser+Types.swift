// Types, payloads and counts as written in fields and services.

extension Parser {
    mutating func parsePayload() -> PayloadSyntax? {
        if isPunctuation("["), let next = peekKind(1), next != .punctuation("["), isSliceAhead() {
            let location = current.location
            advance()
            guard let element = parseType(allowSlice: false) else { return nil }
            _ = expect("]", context: "to close the slice type")
            _ = location
            return PayloadSyntax(type: element, isSlice: true)
        }
        return parseType(allowSlice: false).map { PayloadSyntax(type: $0, isSlice: false) }
    }

    /// Whether the `[` at the current position opens a slice `[T]` rather than an array `[T; N]`.
    func isSliceAhead() -> Bool {
        var depth = 0
        var index = position
        while index < tokens.count {
            switch tokens[index].kind {
            case .punctuation("["), .punctuation("<"): depth += 1
            case .punctuation("]"), .punctuation(">"):
                depth -= 1
                if depth == 0 { return true }
            case .punctuation(";") where depth == 1: return false
            case .newline, .endOfFile: return false
            default: break
            }
            index += 1
        }
        return false
    }

    /// How deeply types may nest (`[[[u8; 2]; 2]; 2]` is 3); deeper input is refused instead of exhausting the stack.
    static let maximumTypeNesting = 32

    mutating func parseType(allowSlice: Bool) -> TypeSyntax? {
        let location = current.location
        typeNesting += 1
        defer { typeNesting -= 1 }
        if typeNesting > Self.maximumTypeNesting {
            error("type is nested more than \(Self.maximumTypeNesting) levels deep", at: location)
            recoverToEndOfLine()
            return nil
        }
        switch current.kind {
        case .punctuation("["):
            advance()
            guard let element = parseType(allowSlice: false) else { return nil }
            if isPunctuation("]") {
                error("dynamic slices '[T]' are only allowed as service payloads; use '[T; N]' or 'vec<T, N>' in a struct",
                      at: location)
                advance()
                return nil
            }
            guard expect(";", context: "in array type '[T; N]'"), let count = parseCapacity() else { return nil }
            guard expect("]", context: "to close the array type") else { return nil }
            return .array(element, count, location)
        case .punctuation("*"), .punctuation("&"):
            advance()
            _ = parseType(allowSlice: false)
            return .pointer(location)
        case .identifier("string") where peekKind(1) == .punctuation("<"):
            advance()
            advance()
            guard let capacity = parseCapacity(), expect(">", context: "to close 'string<N>'") else { return nil }
            return .string(capacity, location)
        case .identifier("vec") where peekKind(1) == .punctuation("<"):
            advance()
            advance()
            guard let element = parseType(allowSlice: false),
                expect(",", context: "in 'vec<T, N>'"),
                let capacity = parseCapacity(),
                expect(">", context: "to close 'vec<T, N>'")
            else { return nil }
            return .vector(element, capacity, location)
        case .identifier("optional") where peekKind(1) == .punctuation("<"):
            advance()
            advance()
            guard let wrapped = parseType(allowSlice: false), expect(">", context: "to close 'optional<T>'") else {
                return nil
            }
            return .optional(wrapped, location)
        case .identifier(let name):
            advance()
            var components = [name]
            while isPunctuation("."), case .identifier(let next)? = peekKind(1) {
                advance()
                advance()
                components.append(next)
            }
            return .named(components, location)
        default:
            error("expected a type, found \(current.spelling)", at: location)
            return nil
        }
    }

    mutating func parseCapacity() -> CapacitySyntax? {
        let location = current.location
        // An expression such as `N * 2` or `(A + B)`; a `>` after the count closes the type instead.
        let operators: [Token.Kind] = [.punctuation("+"), .punctuation("*"), .punctuation("/"), .punctuation("%"),
                                       .punctuation("-"), .punctuation("|")]
        let startsExpression = isPunctuation("(")
            || (current.kind != .punctuation("-") && peekKind(1).map(operators.contains) == true)
            || (peekKind(1) == .punctuation("<") && peekKind(2) == .punctuation("<"))
        if startsExpression {
            guard let expression = parseExpression() else { return nil }
            if let value = Self.fold(expression) { return .literal(value, location) }
            return .expression(expression, location)
        }
        switch current.kind {
        case .integer(let value):
            advance()
            return .literal(value, location)
        case .punctuation("-"):
            guard let value = parseSignedInteger(what: "capacity") else { return nil }
            return .literal(value, location)
        case .nonInteger(let text):
            advance()
            return .nonInteger(text, location)
        case .identifier(let name):
            advance()
            return .constant(name, location)
        default:
            error("expected a count (an integer or a constant's name), found \(current.spelling)", at: location)
            return nil
        }
    }

    mutating func parseSignedInteger(what: String) -> Int128? {
        let negative = consume("-")
        switch current.kind {
        case .integer(let value):
            advance()
            return negative ? -value : value
        case .nonInteger(let text):
            error("\(what) must be an integer, found '\(text)'", at: current.location)
            advance()
            return nil
        default:
            error("expected an integer \(what), found \(current.spelling)", at: current.location)
            return nil
        }
    }
}
