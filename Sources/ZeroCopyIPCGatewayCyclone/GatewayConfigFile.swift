#if canImport(Glibc)
import Glibc
#endif
import TOMLKit
import ZeroCopyIPC
import ZeroCopyIPCGateway

/// The `[gateway]` section of the TOML config file: what the flags set, as defaults that flags override.
///
/// ```toml
/// [gateway]
/// allow = ["My/*", "camera/*"]   # service name globs to carry; empty or missing: all
/// deny = ["camera/private*"]      # never carried; wins over allow
/// domain = 0                      # DDS domain id
/// partition = "lab"               # DDS partition
/// interface = "eth0"              # network interface, by name or address
/// peers = ["10.0.0.2"]            # unicast peers
/// multicast = false               # multicast discovery and data
/// lease-seconds = 3.0             # liveliness lease
/// host-name = "robot"             # as other gateways print it
/// ```
public enum GatewayConfigFile {
    /// The file `Config.discover()` reads, so that its `[gateway]` section is read too (`Config.discoveredFile()`:
    /// `ZEROCOPYIPC_CONFIG`, `./config`, `~/.config`, `/etc`), or `nil`.
    public static func discoveredPath() -> String? { Config.discoveredFile() }

    /// Reads the `[gateway]` section of `text` into `options` and `dds`; keys it does not name keep their values.
    /// - Parameters:
    ///   - text: The whole config file.
    ///   - file: The file's path, for error messages.
    ///   - options: What to carry; updated.
    ///   - dds: The DDS settings; updated.
    /// - Throws: ``GatewayConfigError`` naming the file and key.
    public static func apply(_ text: String, file: String, to options: inout GatewayOptions, _ dds: inout CycloneSettings)
        throws(GatewayConfigError)
    {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch {
            throw GatewayConfigError("\(file): \(error)")
        }
        guard let section = table["gateway"] else { return }
        guard let gateway = section.table else { throw GatewayConfigError("\(file): [gateway] must be a table") }
        func strings(_ key: String) throws(GatewayConfigError) -> [String] {
            guard let array = gateway[key]?.array else {
                throw GatewayConfigError("\(file): gateway.\(key) must be an array of strings, e.g. [\"My/*\"]")
            }
            var result: [String] = []
            for item in array {
                guard let text = item.string else {
                    throw GatewayConfigError("\(file): gateway.\(key) must be an array of strings, e.g. [\"My/*\"]")
                }
                result.append(text)
            }
            return result
        }
        func string(_ key: String) throws(GatewayConfigError) -> String {
            guard let text = gateway[key]?.string else { throw GatewayConfigError("\(file): gateway.\(key) must be a string") }
            return text
        }
        for key in gateway.keys.sorted() {
            switch key {
            case "allow": options.allow = try strings(key)
            case "deny": options.deny = try strings(key)
            case "peers": dds.peers = try strings(key)
            case "partition": dds.partition = try string(key)
            case "interface": dds.interface = try string(key)
            case "host-name": options.hostName = try string(key)
            case "domain":
                guard let value = gateway[key]?.int, value >= 0, value < 233 else {
                    throw GatewayConfigError("\(file): gateway.domain must be a DDS domain id from 0 to 232")
                }
                dds.domain = UInt32(value)
            case "multicast":
                guard let value = gateway[key]?.bool else {
                    throw GatewayConfigError("\(file): gateway.multicast must be true or false")
                }
                dds.multicast = value
            case "lease-seconds":
                guard let value = gateway[key]?.double ?? gateway[key]?.int.map(Double.init), value > 0 else {
                    throw GatewayConfigError("\(file): gateway.lease-seconds must be a number of seconds above 0")
                }
                dds.lease = .milliseconds(Int(value * 1000))
            default:
                throw GatewayConfigError(
                    "\(file): unknown key gateway.\(key); known keys are allow, deny, domain, partition, interface, "
                        + "peers, multicast, lease-seconds, host-name")
            }
        }
    }
}

/// A `[gateway]` section that cannot be used, with the file, the key and what it must be.
public struct GatewayConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
