/// Splits the text of an `.ipcdef` file into tokens, reporting malformed input as diagnostics.
///
/// It never fails: a stray character, an unterminated string or comment, or a malformed number is reported and
/// skipped, so that the parser can go on and report further errors in the same run.
struct Lexer {
    private let scalars: [Unicode.Scalar]
    private let file: String
    private var index = 0
    private var line = 1
    private var column = 1
    private(set) var diagnostics: [Diagnostic] = []

    init(text: String, file: String) {
        self.scalars = Array(text.unicodeScalars)
        self.file = file
    }

    /// All tokens, ending with `.endOfFile`.
    mutating func tokenize() -> [Token] {
        var tokens: [Token] = []
        while true {
            let token = next()
            tokens.append(token)
            if token.kind == .endOfFile { return tokens }
        }
    }

    private var location: SourceLocation { SourceLocation(file: file, line: line, column: column) }

    private func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        index + offset < scalars.count ? scalars[index + offset] : nil
    }

    @discardableResult
    private mutating func advance() -> Unicode.Scalar {
        let scalar = scalars[index]
        index += 1
        if scalar == "\n" {
            line += 1
            column = 1
        } else {
            column += 1
        }
        return scalar
    }

    private mutating func error(_ message: String, at location: SourceLocation) {
        diagnostics.append(.error(message, at: location))
    }

    private mutating func next() -> Token {
        while let scalar = peek() {
            let start = location
            switch scalar {
            case " ", "\t", "\r":
                advance()
            case "\n":
                advance()
                return Token(kind: .newline, location: start)
            case "/" where peek(1) == "/":
                if peek(2) == "/" && peek(3) != "/" {
                    return docComment(start: start)
                }
                while let next = peek(), next != "\n" { advance() }
            case "/" where peek(1) == "*":
                skipBlockComment(start: start)
            case "\"":
                return stringLiteral(start: start)
            case _ where Self.isIdentifierStart(scalar):
                return Token(kind: .identifier(readWord()), location: start)
            case _ where Self.isDigit(scalar):
                return number(start: start)
            case "{", "}", "[", "]", "<", ">", "(", ")", ":", ";", ",", "=", "@", ".", "-", "*", "&", "+", "/", "%",
                "|":
                advance()
                return Token(kind: .punctuation(Character(scalar)), location: start)
            default:
                advance()
                let shown = scalar.isASCII && scalar.value >= 0x20 && scalar.value < 0x7f
                    ? "'\(Character(scalar))'" : "U+\(String(scalar.value, radix: 16, uppercase: true))"
                error("unexpected character \(shown)", at: start)
            }
        }
        return Token(kind: .endOfFile, location: location)
    }

    private mutating func docComment(start: SourceLocation) -> Token {
        for _ in 0..<3 { advance() }
        if peek() == " " { advance() }
        var text = ""
        while let next = peek(), next != "\n" { text.unicodeScalars.append(advance()) }
        while text.hasSuffix(" ") || text.hasSuffix("\r") || text.hasSuffix("\t") { text.removeLast() }
        return Token(kind: .docComment(text), location: start)
    }

    private mutating func skipBlockComment(start: SourceLocation) {
        advance()
        advance()
        while let scalar = peek() {
            if scalar == "*" && peek(1) == "/" {
                advance()
                advance()
                return
            }
            advance()
        }
        error("unterminated block comment", at: start)
    }

    private mutating func stringLiteral(start: SourceLocation) -> Token {
        advance()
        var text = ""
        while let scalar = peek() {
            switch scalar {
            case "\"":
                advance()
                return Token(kind: .string(text), location: start)
            case "\n":
                error("unterminated string literal", at: start)
                return Token(kind: .string(text), location: start)
            case "\\":
                let escapeLocation = location
                advance()
                guard let escaped = peek(), escaped != "\n" else { continue }
                advance()
                switch escaped {
                case "\"": text += "\""
                case "\\": text += "\\"
                case "n": text += "\n"
                case "t": text += "\t"
                default: error("unknown escape sequence '\\\(Character(escaped))' in string", at: escapeLocation)
                }
            default:
                text.unicodeScalars.append(advance())
            }
        }
        error("unterminated string literal", at: start)
        return Token(kind: .string(text), location: start)
    }

    private mutating func readWord() -> String {
        var word = ""
        while let scalar = peek(), Self.isIdentifierContinue(scalar) { word.unicodeScalars.append(advance()) }
        return word
    }

    private mutating func number(start: SourceLocation) -> Token {
        var text = readWord()
        if peek() == ".", let after = peek(1), Self.isDigit(after) {
            advance()
            text += "." + readWord()
            readExponentSign(into: &text)
            return Token(kind: .nonInteger(text), location: start)
        }
        if !text.hasPrefix("0x") && !text.hasPrefix("0X") && (text.last == "e" || text.last == "E") {
            readExponentSign(into: &text)
        }
        if Self.isDecimalExponent(text) { return Token(kind: .nonInteger(text), location: start) }
        let digits = text.replacingOccurrences(of: "_", with: "")
        let (radix, body): (Int, Substring) =
            digits.hasPrefix("0x") || digits.hasPrefix("0X") ? (16, digits.dropFirst(2))
            : digits.hasPrefix("0b") || digits.hasPrefix("0B") ? (2, digits.dropFirst(2))
            : (10, Substring(digits))
        guard !body.isEmpty, body.allSatisfy({ $0.isHexDigit && Int(String($0), radix: radix) != nil }) else {
            error("'\(text)' is not a valid number or identifier; identifiers start with a letter or '_'", at: start)
            return Token(kind: .integer(0), location: start)
        }
        guard let value = UInt64(body, radix: radix) else {
            error("integer literal '\(text)' does not fit in 64 bits", at: start)
            return Token(kind: .integer(0), location: start)
        }
        return Token(kind: .integer(Int128(value)), location: start)
    }

    /// `1.5e-3`: a word ending in `e` followed by a sign and digits continues as an exponent.
    private mutating func readExponentSign(into text: inout String) {
        guard text.last == "e" || text.last == "E", let sign = peek(), sign == "-" || sign == "+",
            let digit = peek(1), Self.isDigit(digit)
        else { return }
        text.unicodeScalars.append(advance())
        text += readWord()
    }

    /// `1e5`, `2E-3`: digits, an exponent mark, an optional sign and digits.
    static func isDecimalExponent(_ text: String) -> Bool {
        let parts = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "e" || $0 == "E" })
        guard parts.count == 2, !parts[0].isEmpty, parts[0].allSatisfy({ $0.isNumber }), !text.hasPrefix("0x") else {
            return false
        }
        let exponent = parts[1].drop { $0 == "-" || $0 == "+" }
        return !exponent.isEmpty && exponent.allSatisfy({ $0.isNumber }) && parts[1].count - exponent.count <= 1
    }

    static func isIdentifierStart(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }

    static func isIdentifierContinue(_ scalar: Unicode.Scalar) -> Bool {
        isIdentifierStart(scalar) || isDigit(scalar)
    }

    static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }
}

extension String {
    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: Character(target), omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
