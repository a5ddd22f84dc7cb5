/// Resolves written types and capacities to checked ``FieldType``s from the point of view of one file.
struct TypeResolver {
    let symbols: SymbolTable
    let file: FileSyntax
    /// The largest count or capacity accepted; larger ones are reported (sizes are checked again by the layout).
    static let maximumCount: Int128 = Int128(Int32.max)

    /// Aliases being resolved, outermost first, to report an alias that names itself instead of recursing.
    var aliasChain: [TypeID] = []

    func resolve(_ syntax: TypeSyntax, diagnostics: inout [Diagnostic]) -> FieldType? {
        switch syntax {
        case .optional(let wrapped, let location):
            guard let wrapped = resolve(wrapped, diagnostics: &diagnostics) else { return nil }
            if case .optional = wrapped {
                diagnostics.append(.error(
                    "'optional<optional<T>>' is not supported; use 'optional<T>', or a union for more states",
                    at: location))
                return nil
            }
            return .optional(wrapped)
        case .pointer(let location):
            diagnostics.append(.error(UnsupportedTypes.pointerSyntax, at: location))
            return nil
        case .array(let element, let count, _):
            let element = resolve(element, diagnostics: &diagnostics)
            let count = resolveCount(count, what: "array length", diagnostics: &diagnostics)
            guard let element, let count else { return nil }
            return .array(element: element, count: count)
        case .string(let capacity, _):
            return resolveCount(capacity, what: "string capacity", diagnostics: &diagnostics)
                .map { .string(capacity: $0) }
        case .vector(let element, let capacity, _):
            let element = resolve(element, diagnostics: &diagnostics)
            let capacity = resolveCount(capacity, what: "vec capacity", diagnostics: &diagnostics)
            guard let element, let capacity else { return nil }
            return .vector(element: element, capacity: capacity)
        case .named(let components, let location):
            return resolveNamed(components, at: location, diagnostics: &diagnostics)
        }
    }

    private func resolveNamed(_ components: [String], at location: SourceLocation, diagnostics: inout [Diagnostic])
        -> FieldType?
    {
        let name = components.last!
        if components.count == 1, let primitive = Primitive(rawValue: name) { return .primitive(primitive) }
        let visible = symbols.visibleTypes(from: file)
        var matches = visible.filter { id, _ in
            components.count == 1 ? id.name == name : id.package + [id.name] == components
        }
        if matches.count > 1 {
            let local = matches.filter { $0.0.package == file.package }
            if local.count == 1 { matches = local }
        }
        if matches.count > 1 {
            let names = matches.map(\.0.qualifiedName).sorted().map { "'\($0)'" }.joined(separator: ", ")
            diagnostics.append(.error(
                "type '\(name)' is ambiguous: it could be \(names); write the qualified name", at: location))
            return nil
        }
        guard let (id, entry) = matches.first else {
            let written = components.joined(separator: ".")
            if components.count == 1, let explanation = UnsupportedTypes.explanation(for: name) {
                diagnostics.append(.error(explanation, at: location))
                return nil
            }
            let candidates = Primitive.allCases.map(\.rawValue)
                + visible.map { components.count == 1 ? $0.0.name : $0.0.qualifiedName }
            var message = "unknown type '\(written)'"
            if let suggestion = Suggestions.closest(to: written, among: candidates) {
                message += "; did you mean '\(suggestion)'?"
            }
            diagnostics.append(.error(message, at: location))
            return nil
        }
        switch entry {
        case .structure: return .structure(id)
        case .enumeration: return .enumeration(id)
        case .union: return .union(id)
        case .alias(let alias, let file):
            if let start = aliasChain.firstIndex(of: id) {
                let cycle = (aliasChain[start...].map(\.name) + [id.name]).joined(separator: " → ")
                diagnostics.append(.error("type alias '\(id.name)' refers to itself (\(cycle))", at: alias.location))
                return nil
            }
            var inner = TypeResolver(symbols: symbols, file: file)
            inner.aliasChain = aliasChain + [id]
            return inner.resolve(alias.type, diagnostics: &diagnostics)
        }
    }

    /// The value of a constant expression seen from this file, or `nil` after reporting why it has none.
    func evaluate(_ expression: ExpressionSyntax, diagnostics: inout [Diagnostic]) -> Int128? {
        var evaluator = ConstantEvaluator(symbols: symbols)
        return evaluator.evaluate(expression, in: file, diagnostics: &diagnostics)
    }

    func resolveCount(_ syntax: CapacitySyntax, what: String, diagnostics: inout [Diagnostic]) -> Int? {
        switch syntax {
        case .nonInteger(let text, let location):
            diagnostics.append(.error("\(what) must be an integer, found '\(text)'", at: location))
            return nil
        case .literal(let value, let location):
            return checkCount(value, what: what, written: "\(value)", at: location, diagnostics: &diagnostics)
        case .expression(let expression, let location):
            guard let value = evaluate(expression, diagnostics: &diagnostics) else { return nil }
            return checkCount(value, what: what, written: "\(value)", at: location, diagnostics: &diagnostics)
        case .constant(let name, let location):
            let found = symbols.visibleConstants(from: file, named: name)
            let constant = found.first { $0.package == file.package } ?? found.first
            guard let constant else {
                var message = "unknown constant '\(name)' used as \(what)"
                if let suggestion = Suggestions.closest(to: name, among: symbols.allVisibleConstantNames(from: file)) {
                    message += "; did you mean '\(suggestion)'?"
                }
                diagnostics.append(.error(message, at: location))
                return nil
            }
            guard let value = constant.value else { return nil }  // its own error was reported
            return checkCount(
                value, what: what, written: "constant '\(name)' (= \(value))", at: location,
                diagnostics: &diagnostics)
        }
    }

    private func checkCount(
        _ value: Int128, what: String, written: String, at location: SourceLocation, diagnostics: inout [Diagnostic]
    ) -> Int? {
        if value <= 0 {
            diagnostics.append(.error("\(what) must be at least 1, found \(written)", at: location))
            return nil
        }
        if value > Self.maximumCount {
            diagnostics.append(.error(
                "\(what) \(written) is too large; the maximum is \(Self.maximumCount)", at: location))
            return nil
        }
        return Int(value)
    }
}
