// Checks field defaults (`rate: f32 = 30.0`, `mode: Mode = running`, `access: Permissions = read | write`,
// `label: string<8> = "front"`, `limit: optional<u32> = none`) against the field's type.

extension Checker {
    /// Checks every pending default and stores it in its field.
    mutating func checkDefaults(
        in pending: inout [TypeID: LayoutEngine.PendingStruct], enumerations: [TypeID: EnumDefinition],
        symbols: SymbolTable
    ) {
        for id in pending.keys.sorted() where pending[id]!.unionCases == nil {
            for index in pending[id]!.fields.indices {
                let field = pending[id]!.fields[index]
                guard let written = pendingDefaults[field.location] else { continue }
                let checker = DefaultValueChecker(
                    enumerations: enumerations, symbols: symbols, file: symbols.file(path: written.file))
                if let value = checker.check(written.value, for: field.type, field: field.name, diagnostics: &diagnostics) {
                    pending[id]!.fields[index].defaultValue = value
                } else {
                    pending[id] = nil  // reported; the struct is not generated
                    break
                }
            }
        }
    }
}

/// Checks one default value against a field type.
struct DefaultValueChecker {
    let enumerations: [TypeID: EnumDefinition]
    let symbols: SymbolTable
    let file: FileSyntax?

    func check(_ value: ValueSyntax, for type: FieldType, field: String, diagnostics: inout [Diagnostic])
        -> DefaultValue?
    {
        func wrong(_ hint: String) -> DefaultValue? {
            diagnostics.append(.error(
                "default value \(Self.spelling(value)) does not fit field '\(field)' of type '\(type)'; write \(hint)",
                at: value.location))
            return nil
        }
        switch (type, value) {
        case (.primitive(.bool), .names(let names, _)) where names == ["true"] || names == ["false"]:
            return .bool(names == ["true"])
        case (.primitive(.bool), _):
            return wrong("true or false")
        case (.primitive(let primitive), _) where primitive.isInteger:
            var number: Int128?
            switch value {
            case .integer(let integer, _): number = integer
            case .names(let names, _) where names.count == 1:
                let found = file.map { symbols.visibleConstants(from: $0, named: names[0]) } ?? []
                guard let constant = found.first else { return wrong("an integer or a constant's name") }
                guard let resolved = constant.value else { return nil }
                number = resolved
            default: return wrong("an integer")
            }
            guard let number else { return nil }
            let range = primitive.integerRange!
            guard range.contains(number) else {
                diagnostics.append(.error(
                    "default value \(number) of field '\(field)' is out of range for '\(primitive.rawValue)' "
                        + "(\(range.lowerBound)...\(range.upperBound))", at: value.location))
                return nil
            }
            return .integer(number)
        case (.primitive(let primitive), .integer(let integer, _)):
            return checkFloat(String(integer) + ".0", primitive, field: field, at: value.location, diagnostics: &diagnostics)
        case (.primitive(let primitive), .number(let text, _)):
            return checkFloat(text, primitive, field: field, at: value.location, diagnostics: &diagnostics)
        case (.primitive, _):
            return wrong("a number such as 30.0")
        case (.string(let capacity), .string(let text, _)):
            guard text.utf8.count <= capacity else {
                diagnostics.append(.error(
                    "default of field '\(field)' is \(text.utf8.count) bytes long; 'string<\(capacity)>' holds at "
                        + "most \(capacity)", at: value.location))
                return nil
            }
            return .string(text)
        case (.string, _):
            return wrong("a quoted string")
        case (.enumeration(let id), _):
            return checkEnumeration(id, value, type: type, field: field, diagnostics: &diagnostics)
        case (.optional, .names(let names, _)) where names == ["none"] || names == ["nil"]:
            return .optional(nil)
        case (.optional(let wrapped), _):
            return check(value, for: wrapped, field: field, diagnostics: &diagnostics).map { .optional($0) }
        case (.array, _), (.vector, _), (.structure, _), (.union, _):
            diagnostics.append(.error(
                "field '\(field)' of type '\(type)' cannot have a default; defaults are for numbers, bool, "
                    + "string<N>, enums, flags and optionals (a struct's fields have their own defaults)",
                at: value.location))
            return nil
        }
    }

    private func checkFloat(
        _ text: String, _ primitive: Primitive, field: String, at location: SourceLocation,
        diagnostics: inout [Diagnostic]
    ) -> DefaultValue? {
        guard let number = Double(text), number.isFinite,
            primitive == .f64 || abs(number) <= Double(Float.greatestFiniteMagnitude)
        else {
            diagnostics.append(.error(
                "default value \(text) of field '\(field)' is out of range for '\(primitive.rawValue)'", at: location))
            return nil
        }
        return .number(text)
    }

    private func checkEnumeration(
        _ id: TypeID, _ value: ValueSyntax, type: FieldType, field: String, diagnostics: inout [Diagnostic]
    ) -> DefaultValue? {
        func wrong(_ hint: String) -> DefaultValue? {
            diagnostics.append(.error(
                "default value \(Self.spelling(value)) does not fit field '\(field)' of type '\(type)'; write \(hint)",
                at: value.location))
            return nil
        }
        guard let enumeration = enumerations[id] else { return nil }  // its own errors were reported
        let names = enumeration.cases.map(\.name)
        let kind = enumeration.isFlags ? "flags" : "enum"
        guard case .names(let written, let location) = value else {
            if enumeration.isFlags, case .integer(0, _) = value { return .flags([]) }
            return wrong(enumeration.isFlags
                ? "flag names joined with '|' (\(names.joined(separator: " | ")))"
                : "one of its cases (\(names.joined(separator: ", ")))")
        }
        if !enumeration.isFlags && written.count > 1 {
            return wrong("one of its cases; only flags combine with '|'")
        }
        for name in written where !names.contains(name) {
            var message = "unknown case '\(name)' of \(kind) '\(id.name)' in the default of field '\(field)'"
            if let suggestion = Suggestions.closest(to: name, among: names) { message += "; did you mean '\(suggestion)'?" }
            diagnostics.append(.error(message, at: location))
            return nil
        }
        return enumeration.isFlags ? .flags(written) : .enumCase(written[0])
    }

    /// The value as written, for messages.
    static func spelling(_ value: ValueSyntax) -> String {
        switch value {
        case .integer(let number, _): "\(number)"
        case .number(let text, _): text
        case .string(let text, _): "\"\(text)\""
        case .names(let names, _): names.joined(separator: " | ")
        }
    }
}
