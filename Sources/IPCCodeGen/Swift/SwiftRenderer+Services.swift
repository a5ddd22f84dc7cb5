import IPCDefinition

// Service accessors in Swift: one caseless enum per service with its name, payload and header types, and (for
// request/response, which today's runtime provides) builders with everything filled in.
extension SwiftRenderer {
    func renderService(_ service: ServiceDefinition, in file: DefinitionFile, into printer: inout CodePrinter) {
        let name = SwiftNames.identifier(SwiftNaming.serviceName(service.identifier, package: file.package))
        printer.documentation(service.documentation)
        if !service.documentation.isEmpty { printer.line("///") }
        switch service.pattern {
        case .requestResponse:
            printer.line("/// The request/response service \(SwiftNames.stringLiteral(service.serviceName)): requests are "
                + "`\(service.request!)`, responses `\(service.response!)`.")
        case .publishSubscribe:
            printer.line("/// The publish-subscribe service \(SwiftNames.stringLiteral(service.serviceName)): samples are "
                + "`\(service.payload!)`.")
        case .event:
            printer.line("/// The event service \(SwiftNames.stringLiteral(service.serviceName)).")
        }
        printer.block("public enum \(name) {") { printer in
            printer.line("/// The name processes meet under.")
            printer.line("public static let name = \(SwiftNames.stringLiteral(service.serviceName))")
            switch service.pattern {
            case .requestResponse: renderRequestResponse(service, into: &printer)
            case .publishSubscribe: renderPublishSubscribe(service, into: &printer)
            case .event: break
            }
        }
    }

    private func renderRequestResponse(_ service: ServiceDefinition, into printer: inout CodePrinter) {
        printer.line()
        printer.line("/// The request payload.")
        printer.line("public typealias Request = \(payload(service.request!))")
        printer.line()
        printer.line("/// The response payload.")
        printer.line("public typealias Response = \(payload(service.response!))")
        var headers = ""
        if let header = service.requestHeader {
            printer.line()
            printer.line("/// The user header of every request (`request.userHeader(as: RequestHeader.self)`).")
            printer.line("public typealias RequestHeader = \(SwiftNames.type(header, in: definitions))")
            headers += ".requestUserHeader(RequestHeader.self)"
        }
        if let header = service.responseHeader {
            printer.line()
            printer.line("/// The user header of every response (`response.userHeader(as: ResponseHeader.self)`).")
            printer.line("public typealias ResponseHeader = \(SwiftNames.type(header, in: definitions))")
            headers += ".responseUserHeader(ResponseHeader.self)"
        }
        printer.line()
        printer.line("/// A builder for this service with its name, payload and header types filled in; set options,")
        printer.line("/// then call `create()`, `open()` or `openOrCreate()`.")
        printer.line("/// - Parameter node: The node that owns the service.")
        printer.line("public static func builder(on node: ZeroCopyIPC.Node) throws")
        printer.line("    -> ZeroCopyIPC.RequestResponseBuilder<Request, Response>")
        printer.block("{") { printer in
            printer.line("try node.serviceBuilder(ZeroCopyIPC.ServiceName(name)).requestResponse(Request.self, Response.self)"
                + headers)
        }
        for (verb, summary) in [
            ("open", "Opens the service, which another process must have created."),
            ("create", "Creates the service; fails if it exists."),
            ("openOrCreate", "Opens the service, creating it if no process has."),
        ] {
            printer.line()
            printer.line("/// \(summary) Default options; use ``builder(on:)`` to change them.")
            printer.line("/// - Parameter node: The node that owns the service.")
            printer.line("public static func \(verb)(on node: ZeroCopyIPC.Node) throws")
            printer.line("    -> ZeroCopyIPC.RequestResponseService<Request, Response>")
            printer.block("{") { printer in
                printer.line("try builder(on: node).\(verb)()")
            }
        }
    }

    private func renderPublishSubscribe(_ service: ServiceDefinition, into printer: inout CodePrinter) {
        printer.line()
        printer.line("/// The sample payload.")
        printer.line("public typealias Payload = \(payload(service.payload!))")
        if let header = service.userHeader {
            printer.line()
            printer.line("/// The user header of every sample.")
            printer.line("public typealias UserHeader = \(SwiftNames.type(header, in: definitions))")
        }
        guard emitsPublishSubscribeAccessors else { return }
        printer.line()
        printer.line("/// A builder for this service with its name, payload and header types filled in (the")
        printer.line("/// publish-subscribe API of the runtime: `serviceBuilder(_:).publishSubscribe(_:)`).")
        printer.line("/// - Parameter node: The node that owns the service.")
        printer.line("public static func builder(on node: ZeroCopyIPC.Node) throws")
        printer.line("    -> ZeroCopyIPC.PublishSubscribeBuilder<Payload>")
        printer.block("{") { printer in
            printer.line("try node.serviceBuilder(ZeroCopyIPC.ServiceName(name)).publishSubscribe(Payload.self)"
                + (service.userHeader == nil ? "" : ".userHeader(UserHeader.self)"))
        }
    }

    private func payload(_ payload: PayloadType) -> String {
        switch payload {
        case .single(let type): SwiftNames.type(type, in: definitions)
        case .slice(let type): "[\(SwiftNames.type(type, in: definitions))]"
        }
    }
}
