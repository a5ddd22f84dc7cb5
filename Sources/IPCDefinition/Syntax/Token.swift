/// One token of an `.ipcdef` file.
struct Token: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        /// A name: `[A-Za-z_][A-Za-z0-9_]*`.
        case identifier(String)
        /// An integer literal (decimal, `0x` hex or `0b` binary, `_` separators allowed).
        case integer(Int128)
        /// A number that is not an integer, such as `1.5`; kept so that the parser can say why it is refused.
        case nonInteger(String)
        /// A double-quoted string, escapes resolved.
        case string(String)
        /// The text of a `///` comment, without the slashes and one leading space.
        case docComment(String)
        /// One of `{ } [ ] < > ( ) : ; , = @ . - * & + / % |`.
        case punctuation(Character)
        /// The end of a line (significant: fields, cases and members end with one).
        case newline
        /// The end of the file.
        case endOfFile
    }

    var kind: Kind
    var location: SourceLocation

    /// The token as it would be quoted in a message.
    var spelling: String {
        switch kind {
        case .identifier(let name): "'\(name)'"
        case .integer(let value): "'\(value)'"
        case .nonInteger(let text): "'\(text)'"
        case .string(let text): "\"\(text)\""
        case .docComment: "doc comment"
        case .punctuation(let character): "'\(character)'"
        case .newline: "end of line"
        case .endOfFile: "end of file"
        }
    }
}
