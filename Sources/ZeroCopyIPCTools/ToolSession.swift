import ZeroCopyIPC

/// Why a tool cannot use the service it was asked for.
public struct ServiceAccessError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Whether the service (of the pattern asked for) does not exist: `zcipc` exits with 2 then, 1 otherwise.
    public var isNotFound: Bool
    /// What went wrong and what to do.
    public var message: String

    /// The message.
    public var description: String { message }

    /// Creates an error.
    /// - Parameters:
    ///   - isNotFound: Whether the service does not exist.
    ///   - message: What went wrong and what to do.
    public init(isNotFound: Bool, message: String) {
        self.isNotFound = isNotFound
        self.message = message
    }
}

/// A node of a tool's own, opening services by what their static configs recorded: no definition and no Swift
/// type at hand. The ports it creates are ordinary ports of an ordinary node (`zcipc` in `node list`); they and the
/// node go away when the session ends.
///
/// Services are opened through the same runtime-details path as the C API (`runtimePayload`,
/// `runtimeUserHeader`, `[UInt8]` as the Swift shape): the recorded descriptors are given back exactly, so the open
/// succeeds against the service as it is and nothing about it changes.
package final class ToolSession {
    /// The node.
    package let node: Node
    let config: Config

    /// Creates the session's node.
    /// - Parameters:
    ///   - config: The config whose root and prefix hold the services.
    ///   - name: The node's name, as `node list` shows it.
    /// - Throws: ``ServiceAccessError`` when the node cannot be created.
    package init(config: Config, name: String = "zcipc") throws(ServiceAccessError) {
        self.config = config
        do {
            node = try NodeBuilder().name(name).config(config).create()
        } catch {
            throw ServiceAccessError(isNotFound: false, message: "creating the tool's node: \(error)")
        }
    }

    /// The snapshot of the service `name` of `pattern`.
    func snapshot(_ name: String, _ pattern: MessagingPattern) throws(ServiceAccessError) -> ServiceSnapshot {
        let all = Service.snapshots(config: config).filter { $0.name == name }
        if let found = all.first(where: { $0.pattern == pattern }) { return found }
        let others = all.map(\.pattern.rawValue).sorted()
        let hint =
            others.isEmpty
            ? "`zcipc service list` shows the services there are"
            : "it exists as a \(others.joined(separator: " and a ")) service; " + Self.command(for: all[0].pattern)
        throw ServiceAccessError(isNotFound: true, message: "no \(pattern) service '\(name)'; \(hint)")
    }

    static func command(for pattern: MessagingPattern) -> String {
        switch pattern {
        case .publishSubscribe: "use `zcipc service subscribe | publish | hz`"
        case .requestResponse: "use `zcipc service call`"
        case .event: "use `zcipc service listen | notify`"
        }
    }

    func serviceName(_ name: String) throws(ServiceAccessError) -> ServiceName {
        do {
            return try ServiceName(name)
        } catch {
            throw ServiceAccessError(isNotFound: false, message: "\(error)")
        }
    }

    static func openFailure(_ error: ServiceOpenError) -> ServiceAccessError {
        if case .doesNotExist = error { return ServiceAccessError(isNotFound: true, message: error.description) }
        return ServiceAccessError(isNotFound: false, message: error.description)
    }

    /// Opens the publish-subscribe service `name` with its recorded payload and user header.
    /// - Returns: The service and the codec of its samples.
    /// - Throws: ``ServiceAccessError``.
    package func openPublishSubscribe(_ name: String) throws(ServiceAccessError)
        -> (service: PublishSubscribeService<[UInt8]>, codec: MessageCodec)
    {
        let recorded = try snapshot(name, .publishSubscribe)
        guard let config = recorded.publishSubscribe else {
            throw ServiceAccessError(isNotFound: false, message: "the static config of '\(name)' cannot be read")
        }
        let serviceName = try serviceName(name)
        do throws(ServiceOpenError) {
            let service = try node.serviceBuilder(serviceName).publishSubscribe([UInt8].self)
                .runtimePayload(config.payload).runtimeUserHeader(config.userHeader).open()
            return (service, MessageCodec(payload: config.payload, userHeader: config.userHeader, role: "payload"))
        } catch {
            throw Self.openFailure(error)
        }
    }

    /// Opens the request-response service `name` with its recorded payloads and user headers.
    /// - Returns: The service and the codecs of its requests and responses.
    /// - Throws: ``ServiceAccessError``.
    package func openRequestResponse(_ name: String) throws(ServiceAccessError)
        -> (service: RequestResponseService<[UInt8], [UInt8]>, request: MessageCodec, response: MessageCodec)
    {
        let recorded = try snapshot(name, .requestResponse)
        guard let config = recorded.requestResponse else {
            throw ServiceAccessError(isNotFound: false, message: "the static config of '\(name)' cannot be read")
        }
        let serviceName = try serviceName(name)
        do throws(ServiceOpenError) {
            let service = try node.serviceBuilder(serviceName).requestResponse([UInt8].self, [UInt8].self)
                .runtimePayloads(request: config.request, response: config.response)
                .runtimeUserHeaders(request: config.requestHeader, response: config.responseHeader).open()
            return (
                service, MessageCodec(payload: config.request, userHeader: config.requestHeader, role: "request"),
                MessageCodec(payload: config.response, userHeader: config.responseHeader, role: "response")
            )
        } catch {
            throw Self.openFailure(error)
        }
    }

    /// Opens the event service `name` as it is.
    /// - Returns: The service.
    /// - Throws: ``ServiceAccessError``.
    package func openEvent(_ name: String) throws(ServiceAccessError) -> EventService {
        _ = try snapshot(name, .event)
        let serviceName = try serviceName(name)
        do throws(ServiceOpenError) {
            return try node.serviceBuilder(serviceName).event().open()
        } catch {
            throw Self.openFailure(error)
        }
    }
}
