import Foundation
import IPCCodeGen
import IPCDefinition
import ProcessCapture
import Testing

/// The Python modules `ipcgen python` writes have exactly the layout engine's layout: python3 imports every module
/// generated from `Definitions/` and the 200-file layout corpus and compares `ctypes.sizeof`, `ctypes.alignment`,
/// every field's offset and size (padding included) and each type's details with the engine's numbers.
///
/// ctypes honours `_align_` only from Python 3.13 on; on older versions a raised alignment is carried by the
/// explicit padding alone, so there `ctypes.alignment` must equal the alignment without any `@align`, computed
/// here independently. Extra interpreters to run: `ZEROCOPYIPC_TEST_PYTHONS="/path/python3.13 …"`.
@Suite("Python layouts")
struct PythonLayoutTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    static let sets: [(label: String, base: String, paths: [String])] = [
        ("definitions", root + "/Definitions",
         ["Geometry.ipcdef", "Sensors/Sensor.ipcdef", "TransmissionData.ipcdef", "DynamicData.ipcdef", "Shapes.ipcdef",
          "Inspect.ipcdef"].map { root + "/Definitions/" + $0 }),
        ("corpus", root + "/Tests/LayoutCorpus",
         ((try? FileManager.default.contentsOfDirectory(atPath: root + "/Tests/LayoutCorpus")) ?? [])
            .filter { $0.hasSuffix(".ipcdef") }.sorted().map { root + "/Tests/LayoutCorpus/" + $0 }),
    ]

    static var interpreters: [String] {
        ["python3"] + (ProcessInfo.processInfo.environment["ZEROCOPYIPC_TEST_PYTHONS"] ?? "")
            .split(separator: " ").map(String.init)
    }

    @Test("ctypes layouts equal the engine's", arguments: [0, 1])
    func layoutsMatch(set: Int) async throws {
        let (label, base, paths) = Self.sets[set]
        #expect(paths.count > (label == "corpus" ? 190 : 5), "definition files missing: \(paths.count)")
        let model = try DefinitionLoader().load(paths: paths)
        let directory = NSTemporaryDirectory() + "zcipc-python-\(label)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let renderer = PythonRenderer(definitions: model, baseDirectory: base)
        for file in renderer.renderAll() {
            try file.contents.write(toFile: directory + "/" + file.name, atomically: true, encoding: .utf8)
        }
        let expectations = PythonLayoutExpectations(model: model, renderer: renderer)
        let json = try JSONSerialization.data(withJSONObject: expectations.entries, options: [.sortedKeys])
        try json.write(to: URL(fileURLWithPath: directory + "/expected.json"))
        try PythonLayoutExpectations.script.write(toFile: directory + "/check.py", atomically: true, encoding: .utf8)
        #expect(expectations.entries.count > (label == "corpus" ? 500 : 10))
        for python in Self.interpreters {
            let (status, output) = await runPython(python, [directory + "/check.py", directory], in: directory)
            #expect(status == 0, "\(python): \(output)")
            #expect(output.contains("checked \(expectations.entries.count) types"), "\(python): \(output)")
        }
    }
}

/// Runs a Python interpreter (found on the PATH) with `arguments`; returns its status and combined output.
func runPython(_ python: String, _ arguments: [String], in directory: String, environment: [String: String] = [:])
    async -> (Int32, String)
{
    await runCombined("/usr/bin/env", [python] + arguments, in: directory, environment: environment)
}

/// The engine's numbers for every class the Python modules should declare, and the script that compares them.
struct PythonLayoutExpectations {
    var entries: [[String: Any]] = []

    init(model: DefinitionSet, renderer: PythonRenderer) {
        for file in model.files {
            let module = renderer.moduleName(for: file.path)
            var helpers: Set<String> = []
            for structure in file.structures {
                let layout = structure.layout
                entries.append(entry(
                    module, PythonNames.type(structure.id, in: model), layout: layout,
                    names: structure.fields.map { PythonNames.identifier($0.name) },
                    legacy: structure.fields.map { legacyAlignment($0.type, model) }.max() ?? 1,
                    details: (structure.typeName, layout.fingerprint)))
                for field in structure.fields { addHelpers(field.type, module, model, &helpers) }
            }
            for union in file.unions {
                let legacy = ([union.tag.alignment] + union.cases.compactMap(\.type).map { legacyAlignment($0, model) })
                    .max()!
                entries.append(entry(
                    module, PythonNames.type(union.id, in: model), layout: union.layout, names: ["tag", "value"],
                    legacy: legacy, details: (union.typeName, union.layout.fingerprint)))
                for item in union.cases { if let type = item.type { addHelpers(type, module, model, &helpers) } }
            }
            for enumeration in file.enumerations {
                entries.append([
                    "module": module, "class": PythonNames.type(enumeration.id, in: model), "kind": "enum",
                    "size": enumeration.underlying.size, "alignment": enumeration.underlying.alignment,
                    "type_name": enumeration.typeName, "fingerprint": String(enumeration.fingerprint),
                    "cases": enumeration.cases.map { [PythonNames.identifier($0.name), String($0.value)] },
                ])
            }
        }
    }

    private func entry(
        _ module: String, _ name: String, layout: StructLayout, names: [String], legacy: Int,
        details: (String, UInt64)?
    ) -> [String: Any] {
        var fields = zip(names, layout.fields).map { [$0, $1.offset, $1.size] as [Any] }
        fields += layout.padding.enumerated().map { ["_padding\($0)", $1.offset, $1.size] as [Any] }
        var result: [String: Any] = [
            "module": module, "class": name, "kind": "struct", "size": layout.size, "alignment": layout.alignment,
            "legacy_alignment": legacy, "fields": fields,
        ]
        if let (typeName, fingerprint) = details {
            result["type_name"] = typeName
            result["fingerprint"] = String(fingerprint)
        }
        return result
    }

    /// The `string<N>`, `vec<T, N>` and `optional<T>` structures a module declares for `type`.
    private mutating func addHelpers(_ type: FieldType, _ module: String, _ model: DefinitionSet, _ seen: inout Set<String>) {
        switch type {
        case .string(let capacity):
            guard seen.insert(CNames.string(capacity: capacity)).inserted else { return }
            let layout = LayoutRules.stringLayout(capacity: capacity)
            entries.append(entry(module, CNames.string(capacity: capacity), layout: layout,
                names: ["data", "terminator", "len"], legacy: 8, details: nil))
        case .vector(let element, let capacity):
            addHelpers(element, module, model, &seen)
            guard seen.insert(CNames.vector(element: element, capacity: capacity)).inserted else { return }
            let layout = LayoutRules.vectorLayout(element: model.layout(of: element), capacity: capacity)
            entries.append(entry(module, CNames.vector(element: element, capacity: capacity), layout: layout,
                names: ["data", "len"], legacy: max(8, legacyAlignment(element, model)), details: nil))
        case .optional(let wrapped):
            addHelpers(wrapped, module, model, &seen)
            guard seen.insert(CNames.optional(wrapped)).inserted else { return }
            let layout = LayoutRules.optionalLayout(wrapped: model.layout(of: wrapped))
            entries.append(entry(module, CNames.optional(wrapped), layout: layout, names: ["has_value", "value"],
                legacy: legacyAlignment(wrapped, model), details: nil))
        case .array(let element, _):
            addHelpers(element, module, model, &seen)
        case .primitive, .structure, .enumeration, .union:
            break
        }
    }

    /// The alignment C would give `type` if no `@align` raised any alignment: what ctypes before 3.13 computes.
    private func legacyAlignment(_ type: FieldType, _ model: DefinitionSet) -> Int {
        switch type {
        case .primitive(let primitive): primitive.alignment
        case .enumeration(let id): model.enumerations[id]!.underlying.alignment
        case .array(let element, _): legacyAlignment(element, model)
        case .string: 8
        case .vector(let element, _): max(8, legacyAlignment(element, model))
        case .optional(let wrapped): legacyAlignment(wrapped, model)
        case .structure(let id): model.structures[id]!.fields.map { legacyAlignment($0.type, model) }.max() ?? 1
        case .union(let id):
            ([model.unions[id]!.tag.alignment] + model.unions[id]!.cases.compactMap(\.type).map {
                legacyAlignment($0, model)
            }).max()!
        }
    }

    /// Imports every module and compares; prints "checked N types" and exits 0 only when everything matches.
    static let script = """
        import ctypes, importlib, json, sys
        folder = sys.argv[1]
        sys.path.insert(0, folder)
        expected = json.load(open(folder + "/expected.json"))
        modern = sys.version_info >= (3, 13)
        problems = []
        for entry in expected:
            cls = getattr(importlib.import_module(entry["module"]), entry["class"])
            where = f'{entry["module"]}.{entry["class"]}'
            def check(what, actual, wanted):
                if actual != wanted:
                    problems.append(f"{where}: {what} is {actual}, the engine says {wanted}")
            if entry["kind"] == "enum":
                check("SIZE", cls.SIZE, entry["size"])
                check("sizeof(STORAGE)", ctypes.sizeof(cls.STORAGE), entry["size"])
                check("ALIGNMENT", cls.ALIGNMENT, entry["alignment"])
                check("TYPE_NAME", cls.TYPE_NAME, entry["type_name"])
                check("FINGERPRINT", cls.FINGERPRINT, int(entry["fingerprint"]))
                for name, value in entry["cases"]:
                    check(f"case {name}", int(getattr(cls, name)), int(value))
                continue
            check("sizeof", ctypes.sizeof(cls), entry["size"])
            check("alignment", ctypes.alignment(cls), entry["alignment"] if modern else entry["legacy_alignment"])
            if "type_name" in entry:
                check("SIZE", cls.SIZE, entry["size"])
                check("ALIGNMENT", cls.ALIGNMENT, entry["alignment"])
                check("TYPE_NAME", cls.TYPE_NAME, entry["type_name"])
                check("FINGERPRINT", cls.FINGERPRINT, int(entry["fingerprint"]))
            declared = [field[0] for field in cls._fields_]
            check("fields", sorted(declared), sorted(name for name, _, _ in entry["fields"]))
            for name, offset, size in entry["fields"]:
                if name in declared:
                    check(f"{name} offset", getattr(cls, name).offset, offset)
                    check(f"{name} size", getattr(cls, name).size, size)
        for problem in problems[:40]:
            print(problem)
        print(f"checked {len(expected)} types on Python {sys.version.split()[0]}, {len(problems)} problems")
        sys.exit(1 if problems else 0)
        """
}
