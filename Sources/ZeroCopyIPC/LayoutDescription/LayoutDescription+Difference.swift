extension LayoutDescription {
    /// The first difference between this layout, the service's, and `required`, what an opener brings, in words
    /// that name the field: `Reading.label: offset 12 → 16` (the service's value, then the opener's), or
    /// `Reading: field 'label' missing in this process's type`.
    /// - Parameter required: The opener's layout.
    /// - Returns: The difference, or `nil` when the layouts agree in every field.
    public func firstDifference(from required: LayoutDescription) -> String? {
        differences(from: required, limit: 1).first
    }

    /// The differences between this layout, the service's, and `required`, in declaration order, at most `limit`.
    ///
    /// Each names its field as ``firstDifference(from:)`` does; a field inserted before others is reported, and
    /// then the fields it moved.
    /// - Parameters:
    ///   - required: The opener's layout.
    ///   - limit: The most differences to report.
    /// - Returns: The differences, empty when the layouts agree in every field.
    public func differences(from required: LayoutDescription, limit: Int = 3) -> [String] {
        var comparison = Comparison(service: self, opener: required, limit: limit)
        comparison.compare(root, required.root, path: Self.shortName(of: root, or: required.root))
        return comparison.found
    }

    /// The last component of a type name (`Reading` for `sensors.v1.Reading`), as the start of a field path.
    package static func shortName(of type: FieldType, or other: FieldType? = nil) -> String {
        guard case .named(let name) = type else { return (other ?? type).description }
        return String(name.split(whereSeparator: { $0 == "." || $0 == ":" }).last ?? Substring(name))
    }
}

/// Walks two layouts side by side and reports what differs; each named type pair is compared once.
private struct Comparison {
    let service: LayoutDescription
    let opener: LayoutDescription
    let limit: Int
    var visited: Set<String> = []
    private(set) var found: [String] = []

    init(service: LayoutDescription, opener: LayoutDescription, limit: Int) {
        self.service = service
        self.opener = opener
        self.limit = limit
    }

    private var isFull: Bool { found.count >= limit }

    private mutating func report(_ problem: String) {
        if !isFull { found.append(problem) }
    }

    mutating func compare(_ mine: LayoutDescription.FieldType, _ theirs: LayoutDescription.FieldType, path: String) {
        guard !isFull else { return }
        switch (mine, theirs) {
        case (.named(let a), .named(let b)) where a == b:
            guard visited.insert(a).inserted, let left = service.declaration(named: a),
                let right = opener.declaration(named: b)
            else { return }
            compare(left, right, path: path)
        case (.array(let a, let n), .array(let b, let m)) where n == m:
            compare(a, b, path: path + "[]")
        case (.vector(let a, let n), .vector(let b, let m)) where n == m:
            compare(a, b, path: path + "[]")
        case (.optional(let a), .optional(let b)):
            compare(a, b, path: path + "?")
        default:
            if mine != theirs { report("\(path): type \(mine) → \(theirs)") }
        }
    }

    private mutating func compare(
        _ mine: LayoutDescription.Declaration, _ theirs: LayoutDescription.Declaration, path: String
    ) {
        switch (mine, theirs) {
        case (.structure(_, let size, let alignment, let fields), .structure(_, let size2, let alignment2, let fields2)):
            let before = found.count
            for field in fields where !fields2.contains(where: { $0.name == field.name }) {
                report("\(path): field '\(field.name)' missing in this process's type")
            }
            for field in fields2 {
                guard let old = fields.first(where: { $0.name == field.name }) else {
                    report("\(path): field '\(field.name)' missing in the service's type")
                    continue
                }
                let fieldPath = "\(path).\(field.name)"
                if old.offset != field.offset { report("\(fieldPath): offset \(old.offset) → \(field.offset)") }
                let nested = found.count
                compare(old.type, field.type, path: fieldPath)
                if found.count == nested, old.size != field.size {
                    report("\(fieldPath): size \(old.size) → \(field.size)")
                }
            }
            guard found.count == before else { return }
            let order = fields.map(\.name)
            let order2 = fields2.map(\.name)
            if order != order2 {
                report("\(path): fields in order \(order.joined(separator: ", ")) → \(order2.joined(separator: ", "))")
            } else if size != size2 {
                report("\(path): size \(size) → \(size2)")
            } else if alignment != alignment2 {
                report("\(path): alignment \(alignment) → \(alignment2)")
            }
        case (.enumeration(_, let a, let cases), .enumeration(_, let b, let cases2)),
            (.flags(_, let a, let cases), .flags(_, let b, let cases2)):
            if a != b { report("\(path): stored as \(a) → \(b)") }
            compareCases(cases.map { ($0.name, $0.value) }, cases2.map { ($0.name, $0.value) }, path: path)
        case (.union(_, let size, _, let tag, let offset, let cases), .union(_, let size2, _, let tag2, let offset2, let cases2)):
            let before = found.count
            if tag != tag2 { report("\(path): tag stored as \(tag) → \(tag2)") }
            compareCases(cases.map { ($0.name, $0.tag) }, cases2.map { ($0.name, $0.tag) }, path: path)
            for item in cases2 {
                guard let old = cases.first(where: { $0.name == item.name }) else { continue }
                switch (old.type, item.type) {
                case (let a?, let b?): compare(a, b, path: "\(path).\(item.name)")
                case (nil, nil): break
                default:
                    report(
                        "\(path).\(item.name): payload \(old.type.map { "\($0)" } ?? "none") → "
                            + (item.type.map { "\($0)" } ?? "none"))
                }
            }
            guard found.count == before else { return }
            if offset != offset2 {
                report("\(path): payload offset \(offset) → \(offset2)")
            } else if size != size2 {
                report("\(path): size \(size) → \(size2)")
            }
        default:
            report("\(path): \(kind(mine)) → \(kind(theirs))")
        }
    }

    private mutating func compareCases(_ mine: [(String, Int128)], _ theirs: [(String, Int128)], path: String) {
        for (name, _) in mine where !theirs.contains(where: { $0.0 == name }) {
            report("\(path): case '\(name)' missing in this process's type")
        }
        for (name, value) in theirs {
            guard let old = mine.first(where: { $0.0 == name }) else {
                report("\(path): case '\(name)' missing in the service's type")
                continue
            }
            if old.1 != value { report("\(path).\(name): value \(old.1) → \(value)") }
        }
    }

    private func kind(_ declaration: LayoutDescription.Declaration) -> String {
        switch declaration {
        case .structure: "struct"
        case .enumeration: "enum"
        case .flags: "flags"
        case .union: "union"
        }
    }
}
