// The static config as the text every service segment records, for tools that carry a service elsewhere (the
// gateway announces it to another host and recreates the service there from it). The text is the one the builders
// write and compare, so a service recreated from it is the same service to every opener.

extension RequestResponseStaticConfig {
    /// The static config's text: pattern, name, payloads, limits and attributes as `key=value` lines.
    package var staticConfigText: String { encoded() }

    /// Reads a static config text; `nil` when it is not one of a request-response service.
    /// - Parameter staticConfigText: The text, as ``staticConfigText`` writes it.
    package init?(staticConfigText: String) { self.init(StaticConfigFields(staticConfigText)) }
}

extension PublishSubscribeStaticConfig {
    /// The static config's text: pattern, name, payload, limits and attributes as `key=value` lines.
    package var staticConfigText: String { encoded() }

    /// Reads a static config text; `nil` when it is not one of a publish-subscribe service.
    /// - Parameter staticConfigText: The text, as ``staticConfigText`` writes it.
    package init?(staticConfigText: String) { self.init(StaticConfigFields(staticConfigText)) }
}

extension ServiceSnapshot {
    /// The static config's text, for a request-response or publish-subscribe service; `nil` for other patterns.
    package var staticConfigText: String? { requestResponse?.staticConfigText ?? publishSubscribe?.staticConfigText }
}
