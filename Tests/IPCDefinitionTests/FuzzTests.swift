import IPCDefinition
import IPCTestSupport
import Testing

/// Thousands of mutated definitions: the loader must never crash, and every failure must be reported as
/// diagnostics with a real position.
@Suite("Fuzzing")
struct FuzzTests {
    static let seeds: [String] = [
        """
        /// Doc.
        package fuzz.seed
        const N = 4
        enum Mode: u8 {
            idle = 0
            running = 1
        }
        @type_name("fuzz::Reading")
        struct Reading {
            id: u32,
            mode: Mode;
            name: string<12>
            values: vec<f32, N>
            grid: [[u8; 3]; N]
        }
        @align(64)
        struct Block { data: [u64; 4] }
        service "fuzz/readings" { request: Reading  response: [u8] }
        """,
        """
        package fuzz.v2
        const W = 4
        const AREA = (W + 1) * W << 2 - W % 3 / 1
        type Meters = f64
        flags Access: u16 {
            read = 0x1
            write = 0x2
        }
        union Shape: u8 {
            circle: Meters
            cells: [u8; W]
            empty
        }
        @align(32)
        struct Slot { a: u8 }
        struct Settings {
            rate: f32 = 30.0
            access: Access = read | write
            label: string<8> = "front"
            limit: optional<u32> = none
            shape: Shape
            slots: vec<Slot, 2>
            spare: [optional<Slot>; 2]
            count: u16 = AREA
        }
        service Configure "fuzz/configure" { request: Settings  response: u8  request_header: Access }
        service Frames "fuzz/frames" publish_subscribe { payload: Shape  user_header: Settings }
        service Ready "fuzz/ready" event
        """,
    ] + RandomDefinitionCorpus(count: 20, seed: 99).files.map(\.text)

    /// Characters that tend to break lexers and parsers.
    static let alphabet: [Character] = Array("{}[]<>():;,=@.-*&/\"\\\n\t 0123456789xbu_aZ$é\u{0}💥") + ["/*", "*/", "///"].flatMap { Array($0) }

    static func mutate(_ text: String, random: inout SplitMix64) -> String {
        var characters = Array(text)
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            guard !characters.isEmpty else {
                characters.append(alphabet.randomElement(using: &random)!)
                continue
            }
            let index = Int.random(in: 0..<characters.count, using: &random)
            switch Int.random(in: 0..<6, using: &random) {
            case 0:  // delete a run
                let end = min(characters.count, index + Int.random(in: 1...8, using: &random))
                characters.removeSubrange(index..<end)
            case 1:  // insert noise
                for _ in 0..<Int.random(in: 1...4, using: &random) {
                    characters.insert(alphabet.randomElement(using: &random)!, at: index)
                }
            case 2:  // duplicate a run
                let end = min(characters.count, index + Int.random(in: 1...40, using: &random))
                characters.insert(contentsOf: characters[index..<end], at: index)
            case 3:  // truncate
                characters.removeSubrange(index...)
            case 4:  // replace one character
                characters[index] = alphabet.randomElement(using: &random)!
            default:  // swap two runs
                let other = Int.random(in: 0..<characters.count, using: &random)
                characters.swapAt(index, other)
            }
        }
        return String(characters)
    }

    @Test func mutatedDefinitionsNeverCrashTheLoader() {
        var random = SplitMix64(seed: 0xf022)
        var loaded = 0
        var rejected = 0
        for iteration in 0..<4000 {
            let seed = Self.seeds[iteration % Self.seeds.count]
            let text = Self.mutate(seed, random: &random)
            let sources = ["fuzz.ipcdef": text, "other.ipcdef": seed]
            do {
                let model = try DefinitionLoader(sources: sources).load(paths: ["fuzz.ipcdef"])
                #expect(!model.files.isEmpty)
                loaded += 1
            } catch {
                rejected += 1
                #expect(error.hasErrors)
                for diagnostic in error.diagnostics {
                    #expect(diagnostic.location.line >= 1 && diagnostic.location.column >= 1, "\(diagnostic)")
                    #expect(!diagnostic.message.isEmpty)
                }
            }
        }
        // Both outcomes must actually occur, or the mutations are not exercising anything.
        #expect(loaded > 100)
        #expect(rejected > 1000)
    }

    @Test func pathologicalInputsAreDiagnosedNotCrashed() {
        let deep = "struct A { a: " + String(repeating: "[", count: 5000) + "u8" + String(repeating: "; 1]", count: 5000) + " }"
        let inputs = [
            "", "\u{0}", String(repeating: "{", count: 10000), String(repeating: "}", count: 10000), deep,
            "struct", "struct A", "struct A {", "enum E: u8 { a = -", "service", "service \"", "@", "@align(",
            "const X = 99999999999999999999999999", "struct A { a: [u8; 0x] }", "import \"fuzz.ipcdef\"",
        ]
        for text in inputs {
            do {
                _ = try DefinitionLoader(sources: ["fuzz.ipcdef": text]).load(paths: ["fuzz.ipcdef"])
            } catch {
                #expect(error.diagnostics.allSatisfy { $0.location.line >= 1 })
            }
        }
    }
}
