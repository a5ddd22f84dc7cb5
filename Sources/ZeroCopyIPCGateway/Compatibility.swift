import ZeroCopyIPC

/// Decides whether a service announced by another host can be mirrored here, and says why not: the wire version
/// and ABI must be this gateway's, and a service of the same name that already exists here (the local twin) must
/// have the same static config, field for field.
public enum Compatibility {
    /// One field that differs between the announced service and what is here.
    public struct Difference: Sendable, Hashable, CustomStringConvertible {
        /// The static config's key (`request.fingerprint`, `max-clients`, `attribute`, `abi`, …).
        public var field: String
        /// The value on this host (`nil`: none).
        public var here: String?
        /// The value the announcement carries (`nil`: none).
        public var remote: String?
        /// For a field layout: the layout difference in words.
        public var detail: String?

        public var description: String {
            let base = "\(field): \(here.map { "'\($0)'" } ?? "none") here, \(remote.map { "'\($0)'" } ?? "none") there"
            return detail.map { "\(field): \($0)" } ?? base
        }
    }

    /// The differences that keep `announcement` from being mirrored here; empty when it can be.
    /// - Parameters:
    ///   - announcement: The announcement.
    ///   - localTwin: The static config text of the service of the same name here, if there is one.
    /// - Returns: The differing fields, in the order the static config lists them.
    public static func differences(_ announcement: Announcement, localTwin: String?) -> [Difference] {
        var result: [Difference] = []
        if announcement.wireVersion != GatewayFrame.wireVersion {
            result.append(
                Difference(
                    field: "wire-version", here: "\(GatewayFrame.wireVersion)", remote: "\(announcement.wireVersion)"))
        }
        if announcement.abi != Announcement.currentABI {
            result.append(Difference(field: "abi", here: Announcement.currentABI, remote: announcement.abi))
        }
        if let localTwin { result += differences(here: localTwin, remote: announcement.staticConfigText) }
        return result
    }

    /// The fields in which two static config texts differ.
    static func differences(here: String, remote: String) -> [Difference] {
        let mine = StaticConfigLines(here)
        let theirs = StaticConfigLines(remote)
        let (a, b) = (mine.values, theirs.values)
        var keys = mine.entries.map(\.key) + theirs.entries.map(\.key).filter { a[$0] == nil }
        keys = keys.filter { $0 != "attribute" }.reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
        var result: [Difference] = []
        for key in keys where a[key] != b[key] {
            // A differing type always differs in its fingerprint too; the layout says which field differs.
            var difference = Difference(
                field: key, here: a[key].map(StaticConfigLines.unescape), remote: b[key].map(StaticConfigLines.unescape))
            if key.hasSuffix(".layout"), let here = difference.here, let remote = difference.remote,
                let mineLayout = try? LayoutDescription(parsing: here),
                let theirLayout = try? LayoutDescription(parsing: remote)
            {
                let words = mineLayout.differences(from: theirLayout)
                if !words.isEmpty { difference.detail = words.joined(separator: "; ") }
            }
            result.append(difference)
        }
        if mine.attributes.sorted() != theirs.attributes.sorted() {
            result.append(
                Difference(
                    field: "attributes", here: mine.attributes.map(StaticConfigLines.unescape).joined(separator: ", "),
                    remote: theirs.attributes.map(StaticConfigLines.unescape).joined(separator: ", ")))
        }
        return result
    }
}
