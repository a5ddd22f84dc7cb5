/// Random 64-bit identifiers for nodes, ports and requests; never zero (zero marks a free slot).
package enum UniqueID {
    /// A new random identifier (from the system generator: `getrandom`).
    package static func make() -> UInt64 {
        var generator = SystemRandomNumberGenerator()
        while true {
            let value = generator.next() as UInt64
            if value != 0 { return value }
        }
    }

    /// The identifier as 16 lowercase hex digits, as used in file and segment names.
    /// - Parameter id: The identifier.
    /// - Returns: The hex text.
    package static func hex(_ id: UInt64) -> String {
        let text = String(id, radix: 16)
        return String(repeating: "0", count: 16 - text.count) + text
    }
}
