import Foundation
import IPCCodeGen
import IPCDefinition
import Testing

/// The headers `ipcgen cpp` writes compile as C++17 (and C++20) with -Wall -Wextra -Werror, every service class
/// instantiated through every port and message operation (user headers included), for the example definitions,
/// the golden definitions and the C golden fixture; and a program over them links against libZeroCopyIPCC.so.
@Suite("C++ headers compile")
struct CppCompileTests {
    static let sets: [(String, String, [String])] = [
        ("definitions", packageRoot + "/Definitions",
         ["Geometry.ipcdef", "Sensors/Sensor.ipcdef", "TransmissionData.ipcdef", "DynamicData.ipcdef", "Shapes.ipcdef",
          "Inspect.ipcdef"].map { packageRoot + "/Definitions/" + $0 }),
        ("golden", packageRoot + "/Tests/Goldens", [packageRoot + "/Tests/Goldens/Features.ipcdef"]),
        ("fixture", packageRoot + "/Tests/IPCHeaderCheckTests/Fixtures",
         [packageRoot + "/Tests/IPCHeaderCheckTests/Fixtures/v2.ipcdef"]),
    ]

    @Test("with every service used", arguments: [0, 1, 2], ["c++17", "c++20"])
    func compiles(set: Int, standard: String) async throws {
        let (label, base, paths) = Self.sets[set]
        let directory = NSTemporaryDirectory() + "zcipc-cpp-\(label)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let model = try DefinitionLoader().load(paths: paths)
        let files = CppRenderer(definitions: model, baseDirectory: base).renderAll()
        for file in files {
            try file.contents.write(toFile: directory + "/" + file.name, atomically: true, encoding: .utf8)
        }
        var program = files.filter { $0.name.hasSuffix(".hpp") }.map { "#include \"\($0.name)\"" }
        var uses = 0
        for file in model.files {
            for service in file.services {
                guard let body = Self.use(service, package: file.package) else { continue }
                program.append("void use\(uses)(zerocopyipc::Node &node) {\n\(body)}")
                uses += 1
            }
        }
        #expect(uses > 0, "no service of \(label) has a class")
        program.append("int main() { zerocopyipc::Node node; use0(node); return 0; }")
        try program.joined(separator: "\n").write(toFile: directory + "/all.cpp", atomically: true, encoding: .utf8)
        let result = await CPeer.compile(
            ["-std=\(standard)", "-Wall", "-Wextra", "-Werror", "-I", CPeer.header, "-I", directory, directory + "/all.cpp",
             "-L", productsFolder, "-lZeroCopyIPCC", "-o", directory + "/all"],
            compiler: "/usr/bin/g++")
        #expect(result.0 == 0, "g++: \(result.1)")
    }

    /// Statements that use every operation of the service's class, or nil when it has none.
    static func use(_ service: ServiceDefinition, package: [String]) -> String? {
        func typed(_ type: FieldType?) -> Bool {
            switch type {
            case .array, .string, .vector, .optional: false
            default: true
            }
        }
        let name = (package.map(CNames.identifier) + [CNames.identifier(service.identifier)]).joined(separator: "::")
        switch service.pattern {
        case .requestResponse:
            guard typed(service.request?.type), typed(service.response?.type), typed(service.requestHeader),
                typed(service.responseHeader)
            else { return nil }
            let requestHeader = service.requestHeader != nil
            let responseHeader = service.responseHeader != nil
            return """
                auto service = \(name)::open(node);
                auto client = service.client();
                auto server = service.server();
                auto request = client.loan(1);
                (void)request.payload();
                \(requestHeader ? "(void)request.user_header();" : "")
                auto pending = std::move(request).send();
                if (auto response = pending.receive()) {
                    (void)response->payload(); (void)response->header();
                    \(responseHeader ? "(void)response->user_header();" : "")
                }
                (void)pending.is_connected();
                if (auto active = server.receive(std::chrono::milliseconds(1))) {
                    (void)active->payload(); (void)active->header(); (void)active->is_connected();
                    \(requestHeader ? "(void)active->user_header();" : "")
                    auto response = active->loan(1);
                    (void)response.payload();
                    \(responseHeader ? "(void)response.user_header();" : "")
                    std::move(response).send();
                }

                """
        case .publishSubscribe:
            guard typed(service.payload?.type), typed(service.userHeader) else { return nil }
            let header = service.userHeader != nil
            return """
                auto service = \(name)::open(node);
                auto publisher = service.publisher();
                auto subscriber = service.subscriber();
                auto sample = publisher.loan(1);
                (void)sample.payload();
                \(header ? "(void)sample.user_header();" : "")
                (void)std::move(sample).send();
                if (auto received = subscriber.receive()) {
                    (void)received->payload(); (void)received->header();
                    \(header ? "(void)received->user_header();" : "")
                }

                """
        case .event:
            return """
                auto service = \(name)::open(node);
                auto notifier = service.notifier();
                auto listener = service.listener();
                (void)notifier.notify(); (void)notifier.notify(1); (void)notifier.id(); (void)listener.id();
                if (auto id = listener.wait_one(std::chrono::milliseconds(1))) { (void)*id; }

                """
        }
    }
}
