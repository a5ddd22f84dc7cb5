/// Evaluates `const` expressions (`WIDTH * HEIGHT * 4`, `1 << 12`, `(A + B) % 8`, `READ | WRITE`) in any declaration order,
/// reporting cycles, unknown constants, division by zero, bad shifts and any result or intermediate value outside
/// the 64-bit range (`i64.min … u64.max`), each once, at the operator or name that caused it.
struct ConstantEvaluator {
    let symbols: SymbolTable
    private var done: [TypeID: Int128?] = [:]
    private var evaluating: [TypeID] = []

    /// The smallest and largest values a constant may take: what fits in `i64` or `u64`.
    static let range = Int128(Int64.min)...Int128(UInt64.max)

    init(symbols: SymbolTable) { self.symbols = symbols }

    /// The value of the constant `id`, or `nil` after reporting why it has none.
    mutating func value(of id: TypeID, diagnostics: inout [Diagnostic]) -> Int128? {
        if let result = done[id] { return result }
        guard let constant = symbols.constants[id] else { return nil }
        if let start = evaluating.firstIndex(of: id) {
            let cycle = (evaluating[start...].map(\.name) + [id.name]).joined(separator: " → ")
            diagnostics.append(.error(
                "constant '\(id.name)' depends on itself (\(cycle))", at: constant.syntax.location))
            return nil
        }
        evaluating.append(id)
        let file = symbols.file(path: constant.syntax.location.file)
        let result = evaluate(constant.syntax.expression, in: file, diagnostics: &diagnostics)
        evaluating.removeLast()
        done[id] = .some(result)
        return result
    }

    mutating func evaluate(
        _ expression: ExpressionSyntax, in file: FileSyntax?, diagnostics: inout [Diagnostic]
    ) -> Int128? {
        switch expression {
        case .integer(let value, _):
            return value
        case .constant(let name, let location):
            let found = file.map { symbols.visibleConstants(from: $0, named: name) } ?? []
            guard let constant = found.first(where: { $0.package == file?.package }) ?? found.first else {
                var message = "unknown constant '\(name)' in constant expression"
                if let file, let suggestion = Suggestions.closest(
                    to: name, among: symbols.allVisibleConstantNames(from: file))
                {
                    message += "; did you mean '\(suggestion)'?"
                }
                diagnostics.append(.error(message, at: location))
                return nil
            }
            return value(of: TypeID(package: constant.package, name: name), diagnostics: &diagnostics)
        case .negate(let inner, let location):
            guard let value = evaluate(inner, in: file, diagnostics: &diagnostics) else { return nil }
            return checked(-value, "-(\(value))", at: location, diagnostics: &diagnostics)
        case .binary(let op, let lhs, let rhs, let location):
            let left = evaluate(lhs, in: file, diagnostics: &diagnostics)
            let right = evaluate(rhs, in: file, diagnostics: &diagnostics)
            guard let left, let right else { return nil }
            let text = "\(left) \(op) \(right)"
            switch op {
            case "+": return checked(left + right, text, at: location, diagnostics: &diagnostics)
            case "-": return checked(left - right, text, at: location, diagnostics: &diagnostics)
            case "|": return checked(left | right, text, at: location, diagnostics: &diagnostics)
            case "*":
                let (product, overflow) = left.multipliedReportingOverflow(by: right)
                return overflow ? outOfRange(text, at: location, diagnostics: &diagnostics)
                    : checked(product, text, at: location, diagnostics: &diagnostics)
            case "/", "%":
                guard right != 0 else {
                    diagnostics.append(.error("division by zero in constant expression (\(text))", at: location))
                    return nil
                }
                return op == "/" ? left / right : left % right
            default:  // "<<", ">>"
                guard (0..<64).contains(right) else {
                    diagnostics.append(.error(
                        "shift by \(right) in constant expression (\(text)); shifts must be 0 to 63", at: location))
                    return nil
                }
                guard op == "<<" else { return left >> right }
                let (shifted, overflow) = left.multipliedReportingOverflow(by: Int128(1) << right)
                return overflow ? outOfRange(text, at: location, diagnostics: &diagnostics)
                    : checked(shifted, text, at: location, diagnostics: &diagnostics)
            }
        }
    }

    private func checked(_ value: Int128, _ text: String, at location: SourceLocation, diagnostics: inout [Diagnostic])
        -> Int128?
    {
        Self.range.contains(value) ? value : outOfRange(text, at: location, diagnostics: &diagnostics)
    }

    private func outOfRange(_ text: String, at location: SourceLocation, diagnostics: inout [Diagnostic]) -> Int128? {
        diagnostics.append(.error(
            "constant expression overflows: \(text) is outside the 64-bit range "
                + "(\(Self.range.lowerBound)...\(Self.range.upperBound))", at: location))
        return nil
    }
}
