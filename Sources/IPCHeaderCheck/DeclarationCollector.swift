import CClang

/// Walks a translation unit and turns its declarations into the ``CHeader`` model.
struct DeclarationCollector {
    let unit: CXTranslationUnit
    private var stringMacros: [String: String] = [:]
    private var constantMacros: [(name: String, type: String, value: Int128)] = []
    private var records: [CXCursor] = []
    private var enums: [CXCursor] = []
    private var typedefs: [CXCursor] = []
    /// The typedef names that refer to a record or enum, by the declaration's USR (names unnamed structs).
    private var typedefNames: [String: [String]] = [:]

    init(unit: CXTranslationUnit) { self.unit = unit }

    /// Collects declarations below `cursor`: nested struct definitions, `extern "C"` blocks and namespaces too.
    mutating func walk(_ cursor: CXCursor) {
        for child in cursor.children where !child.isInSystemHeader {
            switch child.kind {
            case CXCursor_StructDecl, CXCursor_UnionDecl, CXCursor_ClassDecl:
                if clang_isCursorDefinition(child) != 0 { records.append(child) }
                walk(child)
            case CXCursor_EnumDecl:
                if clang_isCursorDefinition(child) != 0 { enums.append(child) }
            case CXCursor_MacroDefinition:
                let tokens = self.tokens(of: child)
                if let value = stringLiteral(tokens) { stringMacros[child.spelling] = value }
                if let constant = typedConstant(tokens) {
                    constantMacros.append((child.spelling, constant.type, constant.value))
                }
            case CXCursor_TypedefDecl:
                typedefs.append(child)
                let underlying = clang_getTypedefDeclUnderlyingType(child).canonical
                if underlying.kind == CXType_Record || underlying.kind == CXType_Enum {
                    typedefNames[clang_getTypeDeclaration(underlying).usr, default: []].append(child.spelling)
                }
            // clang 14 reports `extern "C" { … }` as an unexposed declaration.
            case CXCursor_Namespace, CXCursor_LinkageSpec, CXCursor_UnexposedDecl:
                walk(child)
            default:
                break
            }
        }
    }

    /// The model of everything collected.
    func header() throws(HeaderParseError) -> CHeader {
        var structs: [CStruct] = []
        for record in records { structs.append(try structure(record)) }
        let enumModels = enums.map(enumeration)
        let typedefModels = typedefs.compactMap { cursor -> CTypedef? in
            let underlying = clang_getTypedefDeclUnderlyingType(cursor)
            guard underlying.canonical.kind != CXType_Record else { return nil }
            return CTypedef(
                name: cursor.spelling, type: type(underlying), isInMainFile: cursor.isInMainFile,
                location: cursor.location)
        }
        return CHeader(structs: structs, enums: enumModels, typedefs: typedefModels, stringMacros: stringMacros,
            constantMacros: constantMacros)
    }

    /// The spellings and kinds of a macro definition's tokens (the name first).
    private func tokens(of macro: CXCursor) -> [(spelling: String, isLiteral: Bool)] {
        var tokens: UnsafeMutablePointer<CXToken>?
        var count: UInt32 = 0
        clang_tokenize(unit, clang_getCursorExtent(macro), &tokens, &count)
        guard let tokens else { return [] }
        defer { clang_disposeTokens(unit, tokens, count) }
        return (0..<Int(count)).map {
            (clang_getTokenSpelling(unit, tokens[$0]).consumed, clang_getTokenKind(tokens[$0]) == CXToken_Literal)
        }
    }

    /// The value of `#define NAME ((Type)UINT64_C(n))`, `INT64_C(-n)` or `INT64_MIN`, as generated headers write
    /// enum values that do not fit in a C enum.
    private func typedConstant(_ tokens: [(spelling: String, isLiteral: Bool)]) -> (type: String, value: Int128)? {
        let words = tokens.dropFirst().map(\.spelling)
        guard words.count >= 6, words[0] == "(", words[1] == "(", words[3] == ")", words.last == ")" else { return nil }
        let body = Array(words[4..<(words.count - 1)])
        if body == ["INT64_MIN"] { return (words[2], Int128(Int64.min)) }
        guard body.count >= 4, body[0] == "UINT64_C" || body[0] == "INT64_C", body[1] == "(", body.last == ")"
        else { return nil }
        let number = body[2..<(body.count - 1)].joined()
        guard let value = Int128(number) else { return nil }
        return (words[2], value)
    }

    /// The value of `#define NAME "text"`, or `nil` for any other macro (escapes other than `\"` and `\\` are
    /// kept as written).
    private func stringLiteral(_ tokens: [(spelling: String, isLiteral: Bool)]) -> String? {
        guard tokens.count == 2, tokens[1].isLiteral else { return nil }
        let literal = tokens[1].spelling
        guard literal.count >= 2, literal.hasPrefix("\""), literal.hasSuffix("\"") else { return nil }
        var result = ""
        var escaped = false
        for character in literal.dropFirst().dropLast() {
            if escaped || character != "\\" {
                if escaped && character != "\"" && character != "\\" { result.append("\\") }
                result.append(character)
                escaped = false
            } else {
                escaped = true
            }
        }
        return result
    }

    /// The C name of a record or enum declaration: its tag, or the first typedef that names it.
    private func name(of declaration: CXCursor) -> String {
        let tag = declaration.spelling
        if !isUnnamed(tag) { return tag }
        return typedefNames[declaration.usr]?.first ?? "<unnamed>"
    }

    private func structure(_ cursor: CXCursor) throws(HeaderParseError) -> CStruct {
        let recordType = clang_getCursorType(cursor)
        let name = name(of: cursor)
        let size = clang_Type_getSizeOf(recordType)
        let alignment = clang_Type_getAlignOf(recordType)
        guard size >= 0, alignment > 0 else {
            throw .layoutUnavailable(location: cursor.location.description, what: "'\(name)'")
        }
        var fields: [CField] = []
        for child in cursor.children where child.kind == CXCursor_FieldDecl {
            let fieldType = clang_getCursorType(child)
            let offsetBits = clang_Cursor_getOffsetOfField(child)
            let resolved = type(fieldType)
            var fieldSize = clang_Type_getSizeOf(fieldType)
            if case .flexibleArray = resolved { fieldSize = 0 }
            guard offsetBits >= 0, fieldSize >= 0 else {
                throw .layoutUnavailable(location: child.location.description, what: "'\(name).\(child.spelling)'")
            }
            let isBitField = clang_Cursor_isBitField(child) != 0
            fields.append(
                CField(
                    name: child.spelling, type: resolved, spelling: fieldType.spelling,
                    offset: Int(offsetBits / 8), size: Int(fieldSize),
                    alignment: Int(max(clang_Type_getAlignOf(fieldType), 1)),
                    bitWidth: isBitField ? Int(clang_getFieldDeclBitWidth(child)) : nil,
                    location: child.location))
        }
        return CStruct(
            name: name, typedefNames: typedefNames[cursor.usr] ?? [],
            isUnion: cursor.kind == CXCursor_UnionDecl, size: Int(size), alignment: Int(alignment),
            fields: fields, isInMainFile: cursor.isInMainFile, location: cursor.location)
    }

    private func enumeration(_ cursor: CXCursor) -> CEnum {
        let integer = type(clang_getEnumDeclIntegerType(cursor))
        var signed = true
        if case .integer(_, let isSigned) = integer { signed = isSigned }
        let constants = cursor.children.filter { $0.kind == CXCursor_EnumConstantDecl }.map { constant in
            let value =
                signed
                ? Int128(clang_getEnumConstantDeclValue(constant))
                : Int128(clang_getEnumConstantDeclUnsignedValue(constant))
            return (name: constant.spelling, value: value)
        }
        return CEnum(
            name: name(of: cursor), integer: integer, constants: constants, isInMainFile: cursor.isInMainFile,
            location: cursor.location)
    }

    /// The resolved model of a clang type.
    private func type(_ type: CXType) -> CType {
        let canonical = type.canonical
        let size = Int(clang_Type_getSizeOf(canonical))
        switch canonical.kind {
        case CXType_Bool:
            return .bool
        case CXType_Char_U, CXType_UChar, CXType_UShort, CXType_UInt, CXType_ULong, CXType_ULongLong,
            CXType_UInt128, CXType_Char16, CXType_Char32:
            return .integer(size: size, signed: false)
        case CXType_Char_S, CXType_SChar, CXType_Short, CXType_Int, CXType_Long, CXType_LongLong, CXType_Int128,
            CXType_WChar:
            return .integer(size: size, signed: true)
        case CXType_Float, CXType_Double, CXType_LongDouble:
            return .floating(size: size)
        case CXType_ConstantArray:
            return .array(
                element: self.type(clang_getArrayElementType(canonical)), count: Int(clang_getArraySize(canonical)))
        case CXType_IncompleteArray:
            return .flexibleArray(element: self.type(clang_getArrayElementType(canonical)))
        case CXType_Pointer, CXType_BlockPointer, CXType_MemberPointer, CXType_LValueReference,
            CXType_RValueReference, CXType_NullPtr:
            return .pointer
        case CXType_Record:
            let declaration = clang_getTypeDeclaration(canonical)
            let name = name(of: declaration)
            return declaration.kind == CXCursor_UnionDecl ? .union(name: name) : .structure(name: name)
        case CXType_Enum:
            let declaration = clang_getTypeDeclaration(canonical)
            return .enumeration(name: name(of: declaration), integer: self.type(clang_getEnumDeclIntegerType(declaration)))
        default:
            return .unsupported(canonical.spelling)
        }
    }
}
