/// What a gateway carries and how it names itself; the engine's settings live with its transport.
public struct GatewayOptions: Sendable, Hashable {
    /// Glob patterns (`*` any run of characters, `?` one) of the service names to carry; empty: all.
    public var allow: [String] = []
    /// Glob patterns of service names never to carry; they win over ``allow``.
    public var deny: [String] = []
    /// The host's name, as other gateways print it.
    public var hostName: String
    /// How often the local services are scanned for real servers and publishers appearing or going.
    public var scanInterval: Duration = .milliseconds(100)
    /// How often an unanswered probe is sent again.
    public var probeInterval: Duration = .milliseconds(250)

    /// Creates options.
    public init(hostName: String, allow: [String] = [], deny: [String] = []) {
        self.hostName = hostName
        self.allow = allow
        self.deny = deny
    }

    /// Whether the service `name` is carried.
    public func carries(_ name: String) -> Bool {
        if deny.contains(where: { Glob.matches($0, name) }) { return false }
        return allow.isEmpty || allow.contains(where: { Glob.matches($0, name) })
    }
}

/// Shell-style globs over service names: `*` matches any run of characters (slashes too), `?` one character.
public enum Glob {
    /// Whether `text` matches `pattern`.
    public static func matches(_ pattern: String, _ text: String) -> Bool {
        let p = Array(pattern)
        let t = Array(text)
        var (pi, ti) = (0, 0)
        var star: Int? = nil
        var mark = 0
        while ti < t.count {
            if pi < p.count, p[pi] == "?" || p[pi] == t[ti] {
                pi += 1
                ti += 1
            } else if pi < p.count, p[pi] == "*" {
                star = pi
                mark = ti
                pi += 1
            } else if let s = star {
                pi = s + 1
                mark += 1
                ti = mark
            } else {
                return false
            }
        }
        while pi < p.count, p[pi] == "*" { pi += 1 }
        return pi == p.count
    }
}
