/// Turns tokens into a ``FileSyntax``, reporting syntax errors and recovering at the next line or brace, so that
/// one run reports every error of a file.
struct Parser {
    private var tokens: [Token]
    private var position = 0
    private let file: String
    private(set) var diagnostics: [Diagnostic] = []
    /// Doc comment lines seen since the last declaration, waiting for the declaration they document.
    private var pendingDocumentation: [String] = []
    /// How many types enclose the one being parsed.
    private var typeNesting = 0

    init(text: String, file: String) {
        var lexer = Lexer(text: text, file: file)
        self.tokens = lexer.tokenize()
        self.diagnostics = lexer.diagnostics
        self.file = file
    }

    // MARK: - File

    mutating func parseFile() -> FileSyntax {
        var syntax = FileSyntax(path: file, package: [], packageLocation: nil, imports: [], declarations: [])
        while true {
            skipTrivia()
            guard current.kind != .endOfFile else { break }
            let start = position
            parseTopLevel(into: &syntax)
            if position == start { advance() }  // never loop on a token nothing consumed
        }
        return syntax
    }

    private mutating func parseTopLevel(into syntax: inout FileSyntax) {
        let documentation = takeDocumentation()
        let attributes = parseAttributes()
        skipTrivia()
        let keywordToken = current
        guard case .identifier(let keyword) = keywordToken.kind else {
            error("expected a declaration ('struct', 'enum', 'service', 'const', 'import' or 'package'), "
                  + "found \(keywordToken.spelling)", at: keywordToken.location)
            recoverToNextDeclaration()
            return
        }
        switch keyword {
        case "package":
            advance()
            var components: [String] = []
            if let name = expectIdentifier("package name") {
                components.append(name)
                while consume(".") {
                    guard let next = expectIdentifier("package name component") else { break }
                    components.append(next)
                }
            }
            if syntax.packageLocation != nil {
                error("duplicate 'package' declaration", at: keywordToken.location)
            } else if !syntax.declarations.isEmpty || !syntax.imports.isEmpty {
                error("'package' must come before every import and declaration", at: keywordToken.location)
            } else {
                syntax.package = components
                syntax.packageLocation = keywordToken.location
            }
            expectEndOfLine()
        case "import":
            advance()
            if case .string(let path) = current.kind {
                syntax.imports.append(ImportSyntax(path: path, location: current.location))
                advance()
            } else {
                error("expected a quoted file name after 'import'", at: current.location)
            }
            expectEndOfLine()
        case "struct":
            if let value = parseStruct(documentation: documentation, attributes: attributes) {
                syntax.declarations.append(.structure(value))
            }
        case "enum":
            if let value = parseEnum(documentation: documentation, attributes: attributes) {
                syntax.declarations.append(.enumeration(value))
            }
        case "service":
            if let value = parseService(documentation: documentation, attributes: attributes) {
                syntax.declarations.append(.service(value))
            }
        case "const":
            if let value = parseConstant(documentation: documentation) {
                syntax.declarations.append(.constant(value))
            }
        default:
            let suggestion = Suggestions.closest(to: keyword, among: ["struct", "enum", "service", "const", "import", "package"])
            error("unknown declaration '\(keyword)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? ""),
                  at: keywordToken.location)
            recoverToNextDeclaration()
        }
    }

    // MARK: - Declarations

    private mutating func parseStruct(documentation: [String], attributes: [AttributeSyntax]) -> StructSyntax? {
        advance()
        let location = current.location
        guard let name = expectIdentifier("struct name") else {
            recoverToNextDeclaration()
            return nil
        }
        let errorsBefore = diagnostics.count
        var result = StructSyntax(
            name: name, location: location, attributes: attributes, documentation: documentation, fields: [])
        guard expect("{", context: "after the struct name") else {
            recoverToNextDeclaration()
            return result
        }
        parseMembers(closing: "struct '\(name)'") { parser in
            let fieldDocumentation = parser.takeDocumentation()
            if let field = parser.parseField(documentation: fieldDocumentation) {
                result.fields.append(field)
            }
        }
        result.hadSyntaxErrors = diagnostics.count > errorsBefore
        return result
    }

    private mutating func parseField(documentation: [String]) -> FieldSyntax? {
        let location = current.location
        guard let name = expectIdentifier("field name") else {
            recoverToEndOfLine()
            return nil
        }
        guard expect(":", context: "after field name '\(name)'"), let type = parseType(allowSlice: false) else {
            recoverToEndOfLine()
            return nil
        }
        expectMemberEnd(what: "field")
        return FieldSyntax(name: name, location: location, type: type, documentation: documentation)
    }

    private mutating func parseEnum(documentation: [String], attributes: [AttributeSyntax]) -> EnumSyntax? {
        advance()
        let location = current.location
        guard let name = expectIdentifier("enum name") else {
            recoverToNextDeclaration()
            return nil
        }
        var underlying = ""
        var underlyingLocation = current.location
        if expect(":", context: "after the enum name (an enum needs an integer type: 'enum \(name): u8')") {
            underlyingLocation = current.location
            underlying = expectIdentifier("integer type") ?? ""
        }
        var result = EnumSyntax(
            name: name, location: location, underlying: underlying, underlyingLocation: underlyingLocation,
            attributes: attributes, documentation: documentation, cases: [])
        guard expect("{", context: "after the enum's type") else {
            recoverToNextDeclaration()
            return result
        }
        parseMembers(closing: "enum '\(name)'") { parser in
            parser.parseCase(documentation: parser.takeDocumentation(), into: &result)
        }
        return result
    }

    private mutating func parseCase(documentation caseDocumentation: [String], into result: inout EnumSyntax) {
        let caseLocation = current.location
        guard let caseName = expectIdentifier("case name") else {
            recoverToEndOfLine()
            return
        }
        guard expect("=", context: "after case '\(caseName)' (every case needs an explicit value)") else {
            recoverToEndOfLine()
            return
        }
        let valueLocation = current.location
        guard let value = parseSignedInteger(what: "case value") else {
            recoverToEndOfLine()
            return
        }
        result.cases.append(EnumCaseSyntax(
            name: caseName, location: caseLocation, value: value, valueLocation: valueLocation,
            documentation: caseDocumentation))
        expectMemberEnd(what: "case")
    }

    private mutating func parseService(documentation: [String], attributes: [AttributeSyntax]) -> ServiceSyntax? {
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
        guard expect("{", context: "after the service name") else {
            recoverToNextDeclaration()
            return nil
        }
        parseMembers(closing: "service \"\(serviceName)\"") { parser in
            parser.parseServiceMember(into: &result)
        }
        return result
    }

    private mutating func parseServiceMember(into result: inout ServiceSyntax) {
        let serviceName = result.serviceName
        _ = takeDocumentation()
        let memberToken = current
        guard let member = expectIdentifier("'request' or 'response'") else {
            recoverToEndOfLine()
            return
        }
        guard expect(":", context: "after '\(member)'"), let payload = parsePayload() else {
            recoverToEndOfLine()
            return
        }
        switch member {
        case "request" where result.request == nil: result.request = payload
        case "response" where result.response == nil: result.response = payload
        case "request", "response":
            error("duplicate '\(member)' in service \"\(serviceName)\"", at: memberToken.location)
        default:
            error("unknown service member '\(member)'; a service has 'request' and 'response'",
                  at: memberToken.location)
        }
        _ = consume(",") || consume(";")
    }

    private mutating func parseConstant(documentation: [String]) -> ConstantSyntax? {
        advance()
        let location = current.location
        guard let name = expectIdentifier("constant name"), expect("=", context: "after the constant name"),
            let value = parseSignedInteger(what: "constant value")
        else {
            recoverToEndOfLine()
            return nil
        }
        expectEndOfLine()
        return ConstantSyntax(name: name, location: location, value: value, documentation: documentation)
    }

    private mutating func parseAttributes() -> [AttributeSyntax] {
        var attributes: [AttributeSyntax] = []
        while true {
            skipTrivia()
            guard isPunctuation("@") else { return attributes }
            let location = current.location
            advance()
            guard let name = expectIdentifier("attribute name") else { continue }
            var arguments: [AttributeSyntax.Argument] = []
            if consume("(") {
                repeat {
                    switch current.kind {
                    case .string(let text):
                        arguments.append(.string(text))
                        advance()
                    case .integer, .punctuation("-"):
                        if let value = parseSignedInteger(what: "attribute argument") { arguments.append(.integer(value)) }
                    default:
                        error("expected a number or a quoted string as argument of '@\(name)'", at: current.location)
                    }
                } while consume(",")
                _ = expect(")", context: "to close the arguments of '@\(name)'")
            }
            attributes.append(AttributeSyntax(name: name, arguments: arguments, location: location))
        }
    }

    /// Parses the members of a braced body up to its `}`, one `member` call per member.
    private mutating func parseMembers(closing what: String, _ member: (inout Parser) -> Void) {
        while true {
            skipTrivia()
            if consume("}") { return }
            if current.kind == .endOfFile {
                error("expected '}' to close \(what)", at: current.location)
                return
            }
            let start = position
            member(&self)
            if position == start { advance() }  // never loop on a token no member consumed
        }
    }

    // MARK: - Types

    private mutating func parsePayload() -> PayloadSyntax? {
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
    private func isSliceAhead() -> Bool {
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

    private mutating func parseType(allowSlice: Bool) -> TypeSyntax? {
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

    private mutating func parseCapacity() -> CapacitySyntax? {
        let location = current.location
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

    private mutating func parseSignedInteger(what: String) -> Int128? {
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

    // MARK: - Token helpers

    private var current: Token { tokens[position] }

    private func peekKind(_ offset: Int) -> Token.Kind? {
        position + offset < tokens.count ? tokens[position + offset].kind : nil
    }

    private mutating func advance() {
        if position < tokens.count - 1 { position += 1 }
    }

    private func isPunctuation(_ character: Character) -> Bool { current.kind == .punctuation(character) }

    private mutating func consume(_ character: Character) -> Bool {
        guard isPunctuation(character) else { return false }
        advance()
        return true
    }

    private mutating func expect(_ character: Character, context: String) -> Bool {
        if consume(character) { return true }
        error("expected '\(character)' \(context), found \(current.spelling)", at: current.location)
        return false
    }

    private mutating func expectIdentifier(_ what: String) -> String? {
        if case .identifier(let name) = current.kind {
            advance()
            return name
        }
        error("expected \(what), found \(current.spelling)", at: current.location)
        return nil
    }

    /// A field or case ends with `,` or `;` (optional), then a newline or the closing brace.
    private mutating func expectMemberEnd(what: String) {
        _ = consume(",") || consume(";")
        switch current.kind {
        case .newline, .endOfFile, .punctuation("}"), .docComment: return
        default:
            error("expected a new line after the \(what), found \(current.spelling); write one \(what) per line",
                  at: current.location)
            recoverToEndOfLine()
        }
    }

    private mutating func expectEndOfLine() {
        _ = consume(";")
        switch current.kind {
        case .newline, .endOfFile, .docComment: return
        default:
            error("expected a new line, found \(current.spelling)", at: current.location)
            recoverToEndOfLine()
        }
    }

    /// Skips newlines, collecting doc comments; a blank line drops comments that documented nothing.
    private mutating func skipTrivia() {
        var previousWasNewline = false
        while true {
            switch current.kind {
            case .newline:
                if previousWasNewline { pendingDocumentation.removeAll() }
                previousWasNewline = true
                advance()
            case .docComment(let text):
                pendingDocumentation.append(text)
                previousWasNewline = false
                advance()
                if current.kind == .newline { advance() }
            default:
                return
            }
        }
    }

    private mutating func takeDocumentation() -> [String] {
        defer { pendingDocumentation.removeAll() }
        return pendingDocumentation
    }

    private mutating func recoverToEndOfLine() {
        while true {
            switch current.kind {
            case .newline, .endOfFile, .punctuation("}"): return
            default: advance()
            }
        }
    }

    /// Skips to the next line that starts a top-level declaration, past a braced body if one starts here.
    private mutating func recoverToNextDeclaration() {
        var depth = 0
        while current.kind != .endOfFile {
            switch current.kind {
            case .punctuation("{"): depth += 1
            case .punctuation("}"):
                depth -= 1
                if depth <= 0 {
                    advance()
                    return
                }
            case .newline where depth == 0:
                if case .identifier(let word)? = peekKind(1),
                    ["struct", "enum", "service", "const", "import", "package"].contains(word)
                {
                    advance()
                    return
                }
            default: break
            }
            advance()
        }
    }

    private mutating func error(_ message: String, at location: SourceLocation) {
        diagnostics.append(.error(message, at: location))
    }
}
