/// Decides, type by type, whether processes built from a new definition can share memory with processes built
/// from an old one, as `ipcgen conform OLD NEW` reports it.
///
/// Types are matched by their cross-language type name. A type is
/// - **identical** when its layout fingerprint is unchanged;
/// - **compatible** when size and alignment are unchanged, every old field (case) is still there with the same
///   offset, size and type, and every new field lies in bytes the old layout did not use: its tail padding, any
///   other padding, or a field named `reserved…` that the new definition replaced (an old reader sees zeros or
///   ignores them); enums, flags and unions may also gain cases;
/// - **breaking** otherwise, with one line per difference (`Reading.label: offset 12 → 16`).
public enum LayoutConformance {
    /// How a type changed.
    public enum Verdict: String, Sendable, Hashable {
        case identical, compatible, breaking
        /// Only in the new definition: nothing old reads it.
        case added
        /// Only in the old definition: processes built from it find no partner.
        case removed
    }

    /// The verdict for one type, with the differences that explain it.
    public struct TypeResult: Sendable, Hashable {
        /// The cross-language type name.
        public var typeName: String
        /// The verdict.
        public var verdict: Verdict
        /// One line per difference, e.g. `Reading.label: offset 12 → 16`.
        public var changes: [String]
    }

    /// The verdicts for every type of both definitions.
    public struct Report: Sendable, CustomStringConvertible {
        /// The types in the old definition's order, then the added ones.
        public var types: [TypeResult]

        /// Whether processes built from both definitions can share every type they have in common.
        public var isCompatible: Bool { !types.contains { $0.verdict == .breaking || $0.verdict == .removed } }

        /// `Type: verdict` lines, each followed by its changes, and a summary line.
        public var description: String {
            var lines: [String] = []
            for type in types {
                lines.append("\(type.typeName): \(type.verdict.rawValue)")
                lines += type.changes.map { "  \($0)" }
            }
            let counts = [Verdict.identical, .compatible, .breaking, .added, .removed].compactMap { verdict in
                let count = types.filter { $0.verdict == verdict }.count
                return count == 0 ? nil : "\(count) \(verdict.rawValue)"
            }
            lines.append(isCompatible
                ? "compatible: processes built from either definition can share memory (\(counts.joined(separator: ", ")))"
                : "not compatible (\(counts.joined(separator: ", ")))")
            return lines.joined(separator: "\n")
        }
    }

    /// One type's layout in a form both kinds of comparison use.
    struct Shape {
        var typeName: String
        var size: Int
        var alignment: Int
        var fingerprint: UInt64
        /// Fields (struct), `tag`/`value` and cases (union), or cases (enum): name → (offset, size, type text).
        var members: [(name: String, offset: Int, size: Int, type: String)]
        var padding: [PaddingLayout]
        var kind: String
        var qualifiedName = ""
    }

    /// Compares every type of the root files of `old` with `new`.
    /// - Parameters:
    ///   - old: The definition processes already run with.
    ///   - new: The changed definition.
    /// - Returns: The report.
    public static func compare(old: DefinitionSet, new: DefinitionSet) -> Report {
        let oldShapes = shapes(of: old)
        let newShapes = Dictionary(shapes(of: new).map { ($0.typeName, $0) }, uniquingKeysWith: { first, _ in first })
        var results: [TypeResult] = []
        for shape in oldShapes {
            guard let changed = newShapes[shape.typeName] else {
                results.append(TypeResult(typeName: shape.typeName, verdict: .removed, changes: []))
                continue
            }
            results.append(compare(shape, changed))
        }
        // A type that contains a type changed incompatibly is itself changed incompatibly, even where its own
        // fields read the same: repeat until nothing changes (containment has no cycles).
        var changed = true
        while changed {
            changed = false
            let broken = Set(zip(oldShapes, results).filter { $0.1.verdict == .breaking }.map(\.0.qualifiedName))
            for (index, shape) in oldShapes.enumerated() where results[index].verdict == .compatible {
                for member in shape.members {
                    let words = member.type.split { !($0.isLetter || $0.isNumber || $0 == "_" || $0 == ".") }
                    if let inner = words.first(where: { broken.contains(String($0)) }) {
                        results[index].verdict = .breaking
                        results[index].changes.removeAll { $0.hasSuffix("changed compatibly (see that type)") }
                        results[index].changes.insert(
                            "\(shape.typeName).\(member.name): its type \(inner) changed incompatibly", at: 0)
                        changed = true
                        break
                    }
                }
            }
        }
        let oldNames = Set(oldShapes.map(\.typeName))
        for shape in shapes(of: new) where !oldNames.contains(shape.typeName) {
            results.append(TypeResult(typeName: shape.typeName, verdict: .added, changes: []))
        }
        return Report(types: results)
    }

    private static func shapes(of model: DefinitionSet) -> [Shape] {
        model.rootFiles.flatMap { file in
            file.declarations.compactMap { declaration -> Shape? in
                var shape = shape(of: declaration, in: model)
                shape?.qualifiedName = TypeID(package: file.package, name: declaration.name ?? "").qualifiedName
                return shape
            }
        }
    }

    private static func shape(of declaration: Declaration, in model: DefinitionSet) -> Shape? {
        switch declaration {
        case .structure(let value):
            let members = zip(value.fields, value.layout.fields).map {
                ($0.name, $1.offset, $1.size, $0.type.description)
            }
            return Shape(
                typeName: value.typeName, size: value.layout.size, alignment: value.layout.alignment,
                fingerprint: value.layout.fingerprint, members: members, padding: value.layout.padding,
                kind: "struct")
        case .union(let value):
            let members = value.cases.map {
                ($0.name, value.value.offset, $0.type.map { model.layout(of: $0).size } ?? 0,
                 "tag \($0.tag): " + ($0.type?.description ?? "no payload"))
            }
            return Shape(
                typeName: value.typeName, size: value.layout.size, alignment: value.layout.alignment,
                fingerprint: value.layout.fingerprint,
                members: [("tag", 0, value.tag.size, value.tag.rawValue)] + members, padding: [],
                kind: "union")
        case .enumeration(let value):
            let members = value.cases.map { ($0.name, 0, value.underlying.size, "= \($0.value)") }
            return Shape(
                typeName: value.typeName, size: value.underlying.size, alignment: value.underlying.alignment,
                fingerprint: value.fingerprint, members: members, padding: [],
                kind: value.isFlags ? "flags" : "enum")
        case .service, .constant, .alias:
            return nil
        }
    }

    private static func compare(_ old: Shape, _ new: Shape) -> TypeResult {
        let name = old.typeName
        if old.fingerprint == new.fingerprint {
            return TypeResult(typeName: name, verdict: .identical, changes: [])
        }
        var breaking: [String] = []
        var compatible: [String] = []
        if old.kind != new.kind { breaking.append("\(name): a \(old.kind), now a \(new.kind)") }
        if old.size != new.size { breaking.append("\(name): size \(old.size) → \(new.size)") }
        if old.alignment != new.alignment { breaking.append("\(name): alignment \(old.alignment) → \(new.alignment)") }
        let newMembers = Dictionary(new.members.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var freed = old.padding.map { $0.offset..<($0.offset + $0.size) }
        for member in old.members {
            let label = "\(name).\(member.name)"
            guard let now = newMembers[member.name] else {
                if member.name.hasPrefix("reserved") || member.name.hasPrefix("_reserved") {
                    freed.append(member.offset..<(member.offset + member.size))
                    compatible.append("\(label): reserved area given to new fields")
                } else {
                    breaking.append("\(label): removed")
                }
                continue
            }
            if now.offset != member.offset { breaking.append("\(label): offset \(member.offset) → \(now.offset)") }
            if now.size != member.size { breaking.append("\(label): size \(member.size) → \(now.size)") }
            if now.type != member.type { breaking.append("\(label): type \(member.type) → \(now.type)") }
        }
        let oldNames = Set(old.members.map(\.name))
        for member in new.members where !oldNames.contains(member.name) {
            let label = "\(name).\(member.name)"
            let bytes = member.offset..<(member.offset + member.size)
            if old.kind == "struct" {
                if freed.contains(where: { $0.lowerBound <= bytes.lowerBound && bytes.upperBound <= $0.upperBound }) {
                    compatible.append("\(label): added at offset \(member.offset), size \(member.size), in bytes the "
                        + "old layout did not use")
                } else {
                    breaking.append("\(label): added at offset \(member.offset), size \(member.size), over bytes the "
                        + "old layout uses")
                }
            } else {
                compatible.append("\(label): case added (\(member.type)); old readers see an unknown value")
            }
        }
        let verdict: Verdict = breaking.isEmpty ? .compatible : .breaking
        // A changed nested type changes the fingerprint without changing a field line; its own entry explains it.
        if breaking.isEmpty && compatible.isEmpty {
            compatible.append("\(name): a type it contains changed compatibly (see that type)")
        }
        return TypeResult(typeName: name, verdict: verdict, changes: breaking + compatible)
    }
}

extension Declaration {
    /// The declared type's name, for types.
    var name: String? {
        switch self {
        case .structure(let value): value.id.name
        case .union(let value): value.id.name
        case .enumeration(let value): value.id.name
        case .service, .constant, .alias: nil
        }
    }
}
