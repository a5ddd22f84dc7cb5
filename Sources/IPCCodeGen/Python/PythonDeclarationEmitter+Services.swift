import IPCDefinition

// One class per service over the runtime module's RequestResponseService, PublishSubscribeService or EventService:
// the service name and its payload and user-header types, so Python code never passes type details by hand.
extension PythonDeclarationEmitter {
    /// `zerocopyipc.PayloadType(…)` for a payload or user-header type; `nil` for a type without type details of
    /// its own (arrays, strings, vectors and optionals as whole payloads), as in the C wrappers.
    func payloadType(_ type: FieldType, isSlice: Bool) -> String? {
        let slice = isSlice ? ", is_slice=True" : ""
        switch type {
        case .primitive(let primitive):
            return "zerocopyipc.PayloadType.of_primitive(\(PythonNames.primitiveCase(primitive))\(slice))"
        case .structure(let id), .union(let id):
            return "zerocopyipc.PayloadType(\(className(id))\(slice))"
        case .enumeration(let id):
            let storage = PythonNames.primitive(definitions.enumerations[id]!.underlying)
            return "zerocopyipc.PayloadType(\(storage), details=\(className(id))\(slice))"
        case .array, .string, .vector, .optional:
            return nil
        }
    }

    private func payloadType(_ payload: PayloadType?) -> String? {
        switch payload {
        case .single(let type): payloadType(type, isSlice: false)
        case .slice(let type): payloadType(type, isSlice: true)
        case nil: nil
        }
    }

    /// The class of `service`, or a comment saying why it has none.
    mutating func emitService(_ service: ServiceDefinition, into printer: inout CodePrinter) {
        let name = PythonNames.identifier((file.package + [service.identifier]).joined(separator: "_"))
        let literal = PythonNames.stringLiteral(service.serviceName)
        var attributes: [(String, String)] = []
        let base: String
        switch service.pattern {
        case .requestResponse:
            base = "zerocopyipc.RequestResponseService"
            attributes = [("REQUEST", service.request.flatMap(payloadType) ?? ""),
                          ("RESPONSE", service.response.flatMap(payloadType) ?? ""),
                          ("REQUEST_HEADER", header(service.requestHeader)),
                          ("RESPONSE_HEADER", header(service.responseHeader))]
        case .publishSubscribe:
            base = "zerocopyipc.PublishSubscribeService"
            attributes = [("PAYLOAD", service.payload.flatMap(payloadType) ?? ""),
                          ("USER_HEADER", header(service.userHeader))]
        case .event:
            base = "zerocopyipc.EventService"
        }
        if attributes.contains(where: { $0.1.isEmpty }) {
            printer.documentation(service.documentation, prefix: "#")
            printer.line("# No service class for \(literal): a payload or user header is an array, string, vector or")
            printer.line("# optional, which has no type details of its own; open it with \(base).define(...).")
            printer.line("\(name)_SERVICE_NAME = \(literal)")
            printer.line()
            printer.line()
            return
        }
        printer.block("class \(name)(\(base)):", closing: "") { printer in
            docstring(service.documentation, summary: summary(of: service), into: &printer)
            printer.line("SERVICE_NAME = \(literal)")
            for (attribute, value) in attributes { printer.line("\(attribute) = \(value)") }
        }
        printer.line()
    }

    private func header(_ type: FieldType?) -> String {
        guard let type else { return "None" }
        return payloadType(type, isSlice: false) ?? ""
    }

    private func summary(of service: ServiceDefinition) -> String {
        var parts: [String] = []
        switch service.pattern {
        case .requestResponse:
            parts.append("The request-response service; requests are `\(service.request!)`, responses "
                + "`\(service.response!)`")
            if let header = service.requestHeader { parts.append("request header `\(header)`") }
            if let header = service.responseHeader { parts.append("response header `\(header)`") }
        case .publishSubscribe:
            parts.append("The publish-subscribe service; samples are `\(service.payload!)`")
            if let header = service.userHeader { parts.append("user header `\(header)`") }
        case .event:
            parts.append("The event service; notifiers send event ids, listeners take them")
        }
        return parts.joined(separator: ", ") + "."
    }
}
