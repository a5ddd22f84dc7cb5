import Foundation

/// A deterministic corpus of random definition files for the C interop tests, used when the committed layout
/// corpus (`Tests/LayoutCorpus`) is absent. Same seed, same files: failures reproduce.
enum RandomCorpus {
    /// The folder holding `count` generated files, written once per test process.
    static let paths: [String] = {
        let directory = (try? Fixture.temporaryDirectory("corpus")) ?? NSTemporaryDirectory()
        var generator = SplitMix64(seed: 0x5EED_C0DE)
        return (0..<220).map { index in
            let name = String(format: "c%03d", index)
            let path = "\(directory)/\(name).ipcdef"
            let text = file(index: index, using: &generator)
            try? text.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
    }()

    static let primitives = ["bool", "u8", "u16", "u32", "u64", "i8", "i16", "i32", "i64", "f32", "f64"]
    static let keywordNames = ["int", "class", "default", "template", "char", "register"]

    static func file(index: Int, using random: inout SplitMix64) -> String {
        var lines = ["// Random layout corpus file \(index) (seed 0x5EEDC0DE).", "package rc.f\(index)", ""]
        var enums: [String] = []
        for enumIndex in 0..<random.next(below: 3) {
            let underlying = ["u8", "u16", "u32", "u64", "i8", "i16", "i32", "i64"][random.next(below: 8)]
            let name = "E\(enumIndex)"
            lines.append("enum \(name): \(underlying) {")
            let signed = underlying.hasPrefix("i")
            var values: Set<Int64> = []
            for caseIndex in 0..<(1 + random.next(below: 4)) {
                var value = Int64(random.next(below: 100))
                if signed && random.next(below: 3) == 0 { value = -value - 1 }
                if underlying == "u64" && random.next(below: 4) == 0 { value = Int64.max - value }
                guard values.insert(value).inserted else { continue }
                lines.append("    k\(caseIndex) = \(value)")
            }
            lines.append("}")
            lines.append("")
            enums.append(name)
        }
        var structs: [String] = []
        // Structs aligned above 8 bytes (directly or through a field): the checker refuses them in vec<T, N>.
        var overAligned: Set<String> = []
        for structIndex in 0..<(1 + random.next(below: 4)) {
            let name = "S\(structIndex)"
            let vecElements = structs.filter { !overAligned.contains($0) }
            if random.next(below: 7) == 0 {
                let alignment = 1 << (3 + random.next(below: 5))
                lines.append("@align(\(alignment))")
                if alignment > 8 { overAligned.insert(name) }
            }
            lines.append("struct \(name) {")
            for fieldIndex in 0..<(1 + random.next(below: 8)) {
                let fieldName = random.next(below: 12) == 0
                    ? keywordNames[random.next(below: keywordNames.count)] + (fieldIndex == 0 ? "" : "\(fieldIndex)")
                    : "f\(fieldIndex)"
                let fieldType = type(enums: enums, structs: structs, vecElements: vecElements, depth: 0, using: &random)
                let tokens = fieldType.split { !$0.isLetter && !$0.isNumber }.map(String.init)
                if tokens.contains(where: overAligned.contains) { overAligned.insert(name) }
                lines.append("    \(fieldName): \(fieldType)")
            }
            lines.append("}")
            lines.append("")
            structs.append(name)
        }
        return lines.joined(separator: "\n")
    }

    static func type(
        enums: [String], structs: [String], vecElements: [String], depth: Int, using random: inout SplitMix64
    ) -> String {
        let choice = random.next(below: depth > 0 ? 6 : 10)
        switch choice {
        case 0, 1, 2:
            return primitives[random.next(below: primitives.count)]
        case 3:
            return enums.isEmpty ? "u16" : enums[random.next(below: enums.count)]
        case 4, 5:
            return structs.isEmpty ? "i32" : structs[random.next(below: structs.count)]
        case 6:
            let element = type(enums: enums, structs: structs, vecElements: vecElements, depth: depth + 1, using: &random)
            return "[\(element); \(1 + random.next(below: 4))]"
        case 7:
            return "string<\(1 + random.next(below: 40))>"
        case 8:
            // Only types the checker accepts in a vector: nothing aligned above 8 bytes.
            let element = type(enums: enums, structs: vecElements, vecElements: vecElements, depth: depth + 1, using: &random)
            return "vec<\(element), \(1 + random.next(below: 5))>"
        default:
            return primitives[random.next(below: primitives.count)]
        }
    }
}

/// A small deterministic generator (SplitMix64), the same on every platform.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func next(below bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
