/// Turns tokens into a ``FileSyntax``, reporting syntax errors and recovering at the next line or brace, so that
/// one run reports every error of a file.
struct Parser {
    var tokens: [Token]
    var position = 0
    let file: String
    var diagnostics: [Diagnostic] = []
    /// Doc comment lines seen since the last declaration, waiting for the declaration they document.
    var pendingDocumentation: [String] = []
    /// How many types enclose the one being parsed.
    var typeNesting = 0

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

    mutating func parseTopLevel(into syntax: inout FileSyntax) {
        let documentation = takeDocumentation()
        let attributes = parseAttributes()
        skipTrivia()
        let keywordToken = current
        guard case .identifier(let keyword) = keywordToken.kind else {
            error("expected a declaration ('struct', 'enum', 'union', 'flags', 'type', 'service', 'const', 'import' "
                  + "or 'package'), found \(keywordToken.spelling)", at: keywordToken.location)
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
        case "enum", "flags":
            if var value = parseEnum(documentation: documentation, attributes: attributes) {
                value.isFlags = keyword == "flags"
                syntax.declarations.append(.enumeration(value))
            }
        case "union":
            if let value = parseUnion(documentation: documentation, attributes: attributes) {
                syntax.declarations.append(.union(value))
            }
        case "type":
            if let value = parseAlias(documentation: documentation) {
                syntax.declarations.append(.alias(value))
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
            let suggestion = Suggestions.closest(to: keyword, among: Self.declarationKeywords)
            error("unknown declaration '\(keyword)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? ""),
                  at: keywordToken.location)
            recoverToNextDeclaration()
        }
    }

    /// The words that start a top-level declaration.
    static let declarationKeywords = [
        "struct", "enum", "union", "flags", "type", "service", "const", "import", "package",
    ]

    // MARK: - Declarations

    mutating func parseStruct(documentation: [String], attributes: [AttributeSyntax]) -> StructSyntax? {
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

    mutating func parseField(documentation: [String]) -> FieldSyntax? {
        let location = current.location
        guard let name = expectIdentifier("field name") else {
            recoverToEndOfLine()
            return nil
        }
        guard expect(":", context: "after field name '\(name)'"), let type = parseType(allowSlice: false) else {
            recoverToEndOfLine()
            return nil
        }
        var defaultValue: ValueSyntax?
        if consume("=") {
            guard let value = parseValue() else {
                recoverToEndOfLine()
                return nil
            }
            defaultValue = value
        }
        expectMemberEnd(what: "field")
        return FieldSyntax(
            name: name, location: location, type: type, documentation: documentation, defaultValue: defaultValue)
    }

    mutating func parseEnum(documentation: [String], attributes: [AttributeSyntax]) -> EnumSyntax? {
        advance()
        let location = current.location
        guard let name = expectIdentifier("type name") else {
            recoverToNextDeclaration()
            return nil
        }
        var underlying = ""
        var underlyingLocation = current.location
        if expect(":", context: "after the name (it needs an integer type: '\(name): u8')") {
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

    mutating func parseCase(documentation caseDocumentation: [String], into result: inout EnumSyntax) {
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
        guard let expression = parseExpression() else {
            recoverToEndOfLine()
            return
        }
        var item = EnumCaseSyntax(
            name: caseName, location: caseLocation, value: 0, valueLocation: valueLocation,
            documentation: caseDocumentation)
        if let folded = Self.fold(expression) { item.value = folded } else { item.expression = expression }
        result.cases.append(item)
        expectMemberEnd(what: "case")
    }

    mutating func parseConstant(documentation: [String]) -> ConstantSyntax? {
        advance()
        let location = current.location
        guard let name = expectIdentifier("constant name"), expect("=", context: "after the constant name"),
            let expression = parseExpression()
        else {
            recoverToEndOfLine()
            return nil
        }
        expectEndOfLine()
        return ConstantSyntax(name: name, location: location, expression: expression, documentation: documentation)
    }

    mutating func parseAttributes() -> [AttributeSyntax] {
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
    mutating func parseMembers(closing what: String, _ member: (inout Parser) -> Void) {
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

    // MARK: - Token helpers

    var current: Token { tokens[position] }

    func peekKind(_ offset: Int) -> Token.Kind? {
        position + offset < tokens.count ? tokens[position + offset].kind : nil
    }

    mutating func advance() {
        if position < tokens.count - 1 { position += 1 }
    }

    func isPunctuation(_ character: Character) -> Bool { current.kind == .punctuation(character) }

    mutating func consume(_ character: Character) -> Bool {
        guard isPunctuation(character) else { return false }
        advance()
        return true
    }

    mutating func expect(_ character: Character, context: String) -> Bool {
        if consume(character) { return true }
        error("expected '\(character)' \(context), found \(current.spelling)", at: current.location)
        return false
    }

    mutating func expectIdentifier(_ what: String) -> String? {
        if case .identifier(let name) = current.kind {
            advance()
            return name
        }
        error("expected \(what), found \(current.spelling)", at: current.location)
        return nil
    }

    /// A field or case ends with `,` or `;` (optional), then a newline or the closing brace.
    mutating func expectMemberEnd(what: String) {
        _ = consume(",") || consume(";")
        switch current.kind {
        case .newline, .endOfFile, .punctuation("}"), .docComment: return
        default:
            error("expected a new line after the \(what), found \(current.spelling); write one \(what) per line",
                  at: current.location)
            recoverToEndOfLine()
        }
    }

    mutating func expectEndOfLine() {
        _ = consume(";")
        switch current.kind {
        case .newline, .endOfFile, .docComment: return
        default:
            error("expected a new line, found \(current.spelling)", at: current.location)
            recoverToEndOfLine()
        }
    }

    /// Skips newlines, collecting doc comments; a blank line drops comments that documented nothing.
    mutating func skipTrivia() {
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

    mutating func takeDocumentation() -> [String] {
        defer { pendingDocumentation.removeAll() }
        return pendingDocumentation
    }

    mutating func recoverToEndOfLine() {
        while true {
            switch current.kind {
            case .newline, .endOfFile, .punctuation("}"): return
            default: advance()
            }
        }
    }

    /// Skips to the next line that starts a top-level declaration, past a braced body if one starts here.
    mutating func recoverToNextDeclaration() {
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
                    Self.declarationKeywords.contains(word)
                {
                    advance()
                    return
                }
            default: break
            }
            advance()
        }
    }

    mutating func error(_ message: String, at location: SourceLocation) {
        diagnostics.append(.error(message, at: location))
    }
}
