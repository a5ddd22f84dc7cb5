/// How definition names become Swift names, in the style of swift-protobuf: types in UpperCamelCase with the package
/// as a prefix (`package sensors.v1` + `Reading` → `Sensors_V1_Reading`), fields, cases and constants in
/// lowerCamelCase (`timestamp_ns` → `timestampNs`, `MAX_SAMPLES` → `maxSamples`).
///
/// The definition's own names stay what C headers, cross-language type names and layout descriptions use. The
/// checker uses these rules to report two names that would become the same Swift name; the Swift renderer uses
/// them to spell every declaration.
public enum SwiftNaming {
    /// The words of a name: its runs between underscores.
    private static func words(_ name: String) -> [Substring] {
        name.split(separator: "_")
    }

    /// `sensor_reading` → `SensorReading`, `v1` → `V1`: each word with its first letter in upper case.
    /// - Parameter name: A definition name.
    /// - Returns: The UpperCamelCase spelling (the name itself when it has no letters to change).
    public static func upperCamel(_ name: String) -> String {
        let parts = words(name)
        guard !parts.isEmpty else { return name }
        let joined = parts.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
        return joined.first!.isNumber ? "_" + joined : joined
    }

    /// `timestamp_ns` → `timestampNs`, `MAX_SAMPLES` → `maxSamples`, `nestedVec` → `nestedVec`.
    ///
    /// A word in capitals only (`MAX`, `ID`) is lowered as a whole; any other word keeps its inner capitals.
    /// - Parameter name: A definition name.
    /// - Returns: The lowerCamelCase spelling.
    public static func lowerCamel(_ name: String) -> String {
        let parts = words(name)
        guard !parts.isEmpty else { return name }
        var result = ""
        for (index, part) in parts.enumerated() {
            let shouting = part.contains(where: \.isLetter) && !part.contains(where: \.isLowercase)
            let word = shouting ? part.lowercased() : String(part)
            result += index == 0
                ? word.prefix(1).lowercased() + word.dropFirst()
                : word.prefix(1).uppercased() + word.dropFirst()
        }
        return result.first!.isNumber ? "_" + result : result
    }

    /// `package a.b` → `A_B_`, no package → the empty string.
    /// - Parameter package: The package components.
    /// - Returns: The prefix of every Swift type name of that package.
    public static func packagePrefix(_ package: [String]) -> String {
        package.map { upperCamel($0) + "_" }.joined()
    }

    /// The Swift name of a declared type: `Sensors_V1_Reading`.
    /// - Parameter id: The type's identifier.
    /// - Returns: The name, unescaped.
    public static func typeName(_ id: TypeID) -> String {
        packagePrefix(id.package) + upperCamel(id.name)
    }

    /// The Swift name of a service's accessor: the package prefix and the service's identifier.
    /// - Parameters:
    ///   - identifier: The service's identifier (given, or derived from its name).
    ///   - package: The package of the file that declares it.
    /// - Returns: The name, unescaped.
    public static func serviceName(_ identifier: String, package: [String]) -> String {
        packagePrefix(package) + upperCamel(identifier)
    }

    /// The caseless enum that holds a file's constants as static members: `Sensors_Sensor_Constants` for
    /// `Sensors/Sensor.ipcdef` in `package sensors`, `Limits_Constants` for `Limits.ipcdef` without a package
    /// (one per file, so that two files of one package never declare the same type).
    /// - Parameters:
    ///   - path: The definition file's path.
    ///   - package: Its package.
    /// - Returns: The name, unescaped.
    public static func constantsNamespace(path: String, package: [String]) -> String {
        var base = path.split(separator: "/").last.map(String.init) ?? path
        if base.hasSuffix(".ipcdef") { base = String(base.dropLast(".ipcdef".count)) }
        let cleaned = String(base.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })
        return packagePrefix(package) + upperCamel(cleaned) + "_Constants"
    }
}
