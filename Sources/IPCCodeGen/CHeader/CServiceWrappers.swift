import IPCDefinition

// Typed wrappers over the C API (zerocopyipc.h) for each service of a definition file: opening the service with
// its payload types' details, and loans and received payloads as pointers to the generated types. They are
// compiled only where zerocopyipc.h was included first (`#ifdef ZEROCOPYIPC_H`), so a header used for its types
// alone needs nothing beyond the C standard library.

extension CDeclarationEmitter {
    /// One payload or user header as the wrappers spell it.
    struct WrappedType {
        /// The C type of one element.
        var cType: String
        /// Whether each message holds a slice of elements.
        var isSlice: Bool
        /// The statement that writes the type details to `target` (a `zc_type_details` lvalue).
        var fill: (_ target: String) -> String
    }

    /// The type as the wrappers use it; `nil` for a type without `_TYPE_NAME`/`_FINGERPRINT` macros (arrays,
    /// strings, vectors and optionals as whole payloads), which keep the untyped API.
    func wrapped(_ type: FieldType, isSlice: Bool) -> WrappedType? {
        let variant = isSlice ? "ZC_PAYLOAD_SLICE" : "ZC_PAYLOAD_FIXED"
        switch type {
        case .primitive(let primitive):
            return WrappedType(cType: CNames.primitive(primitive), isSlice: isSlice) { target in
                "zc_primitive_type_details(ZC_PRIMITIVE_\(primitive.rawValue.uppercased()), \(variant), &\(target));"
            }
        case .structure(let id), .enumeration(let id), .union(let id):
            let name = CNames.type(id, in: definitions)
            return WrappedType(cType: name, isSlice: isSlice) { target in
                "\(target) = ZC_TYPE_DETAILS(\(name), \(variant));"
            }
        case .array, .string, .vector, .optional:
            return nil
        }
    }

    func wrapped(_ payload: PayloadType?) -> WrappedType? {
        switch payload {
        case .single(let type): wrapped(type, isSlice: false)
        case .slice(let type): wrapped(type, isSlice: true)
        case nil: nil
        }
    }

    /// The wrappers of `service`, named `<name>_…`.
    func emitServiceWrappers(_ service: ServiceDefinition, name: String, into printer: inout CodePrinter) {
        switch service.pattern {
        case .requestResponse:
            guard let request = wrapped(service.request), let response = wrapped(service.response) else {
                return skipped(service, into: &printer)
            }
            let requestHeader = service.requestHeader.flatMap { wrapped($0, isSlice: false) }
            let responseHeader = service.responseHeader.flatMap { wrapped($0, isSlice: false) }
            if (service.requestHeader != nil && requestHeader == nil)
                || (service.responseHeader != nil && responseHeader == nil)
            {
                return skipped(service, into: &printer)
            }
            printer.line("#ifdef ZEROCOPYIPC_H")
            emitOptions(
                name: name, kind: "zc_request_response_options",
                payloads: [("request", request), ("response", response)],
                headers: [("request_user_header", requestHeader), ("response_user_header", responseHeader)],
                into: &printer)
            emitOpen(name: name, service: "zc_request_response", into: &printer)
            emitLoan(name: name, port: "client", handle: "zc_client", loan: "zc_request_mut", call: "zc_client_loan",
                payload: request, into: &printer)
            emitRead(name: name, what: "active_request", handle: "zc_active_request", payload: request,
                into: &printer)
            emitLoan(name: name, port: "active_request", handle: "zc_active_request", loan: "zc_response_mut",
                call: "zc_active_request_loan", payload: response, into: &printer)
            emitRead(name: name, what: "response", handle: "zc_response", payload: response, into: &printer)
            if let requestHeader {
                emitUserHeader(name: name, what: "request_mut", handle: "zc_request_mut", header: requestHeader,
                    isConst: false, into: &printer)
                emitUserHeader(name: name, what: "active_request", handle: "zc_active_request",
                    header: requestHeader, isConst: true, into: &printer)
            }
            if let responseHeader {
                emitUserHeader(name: name, what: "response_mut", handle: "zc_response_mut", header: responseHeader,
                    isConst: false, into: &printer)
                emitUserHeader(name: name, what: "response", handle: "zc_response", header: responseHeader,
                    isConst: true, into: &printer)
            }
            printer.line("#endif  // ZEROCOPYIPC_H")
            printer.line()
        case .publishSubscribe:
            guard let payload = wrapped(service.payload) else { return skipped(service, into: &printer) }
            let header = service.userHeader.flatMap { wrapped($0, isSlice: false) }
            if service.userHeader != nil && header == nil { return skipped(service, into: &printer) }
            printer.line("#ifdef ZEROCOPYIPC_H")
            emitOptions(
                name: name, kind: "zc_publish_subscribe_options", payloads: [("payload", payload)],
                headers: [("user_header", header)], into: &printer)
            emitOpen(name: name, service: "zc_publish_subscribe", into: &printer)
            emitLoan(name: name, port: "publisher", handle: "zc_publisher", loan: "zc_sample_mut",
                call: "zc_publisher_loan", payload: payload, into: &printer)
            emitRead(name: name, what: "sample", handle: "zc_sample", payload: payload, into: &printer)
            if let header {
                emitUserHeader(name: name, what: "sample_mut", handle: "zc_sample_mut", header: header,
                    isConst: false, into: &printer)
                emitUserHeader(name: name, what: "sample", handle: "zc_sample", header: header, isConst: true,
                    into: &printer)
            }
            printer.line("#endif  // ZEROCOPYIPC_H")
            printer.line()
        case .event:
            return  // the C API has no events yet
        }
    }

    private func skipped(_ service: ServiceDefinition, into printer: inout CodePrinter) {
        printer.line("// No typed C API wrappers: a payload or user header of this service is an array, string,")
        printer.line("// vector or optional; open it with zc_*_open and the type details of its Swift type.")
        printer.line()
    }

    private func emitOptions(
        name: String, kind: String, payloads: [(String, WrappedType)], headers: [(String, WrappedType?)],
        into printer: inout CodePrinter
    ) {
        printer.line("/// The service's options with its payload types' details; change limits before opening.")
        printer.line("static inline \(kind) \(name)_options(void) {")
        printer.withIndentation { printer in
            for case (let field, _?) in headers { printer.line("static zc_type_details \(field);") }
            printer.line("\(kind) options;")
            printer.line("memset(&options, 0, sizeof options);")
            for (field, type) in payloads { printer.line(type.fill("options.\(field)")) }
            for case (let field, let type?) in headers {
                printer.line(type.fill(field))
                printer.line("options.\(field) = &\(field);")
            }
            printer.line("return options;")
        }
        printer.line("}")
        printer.line()
    }

    private func emitOpen(name: String, service: String, into printer: inout CodePrinter) {
        printer.line("/// Opens, creates or opens-or-creates the service with its payload types and default limits.")
        printer.line(
            "static inline zc_result \(name)_open(zc_node *node, zc_open_mode mode, \(service)_service **out) {")
        printer.withIndentation { printer in
            printer.line("\(service)_options options = \(name)_options();")
            printer.line("return \(service)_open(node, \(name)_SERVICE_NAME, &options, mode, out);")
        }
        printer.line("}")
        printer.line()
    }

    private func emitLoan(
        name: String, port: String, handle: String, loan: String, call: String, payload: WrappedType,
        into printer: inout CodePrinter
    ) {
        let count = payload.isSlice ? ", uint64_t count" : ""
        printer.line(
            "/// Loans a zeroed \(payload.isSlice ? "slice of `count` elements" : "payload"); `*payload` points to "
                + "it in shared memory.")
        printer.line("static inline zc_result \(name)_\(port)_loan(")
        printer.line("    \(handle) *\(port)\(count), \(loan) **loan, \(payload.cType) **payload) {")
        printer.withIndentation { printer in
            printer.line("zc_result result = \(call)(\(port), \(payload.isSlice ? "count" : "1"), loan);")
            printer.line("if (result != ZC_OK) return result;")
            printer.line("void *raw = NULL;")
            printer.line("result = \(loan)_payload(*loan, &raw, NULL);")
            printer.line("if (payload != NULL) *payload = (\(payload.cType) *)raw;")
            printer.line("return result;")
        }
        printer.line("}")
        printer.line()
    }

    private func emitRead(
        name: String, what: String, handle: String, payload: WrappedType, into printer: inout CodePrinter
    ) {
        let count = payload.isSlice ? ", uint64_t *count" : ""
        printer.line("/// The received payload, read only, in shared memory.")
        printer.line("static inline zc_result \(name)_\(what)_payload(")
        printer.line("    \(handle) *message, const \(payload.cType) **payload\(count)) {")
        printer.withIndentation { printer in
            printer.line("const void *raw = NULL;")
            printer.line("zc_result result = \(handle)_payload(message, &raw, \(payload.isSlice ? "count" : "NULL"));")
            printer.line("if (payload != NULL) *payload = (const \(payload.cType) *)raw;")
            printer.line("return result;")
        }
        printer.line("}")
        printer.line()
    }

    private func emitUserHeader(
        name: String, what: String, handle: String, header: WrappedType, isConst: Bool,
        into printer: inout CodePrinter
    ) {
        let qualifier = isConst ? "const " : ""
        printer.line("/// The message's user header\(isConst ? ", read only" : "").")
        printer.line(
            "static inline zc_result \(name)_\(what)_user_header(\(handle) *message, \(qualifier)\(header.cType) **header) {")
        printer.withIndentation { printer in
            printer.line("\(qualifier)void *raw = NULL;")
            printer.line("zc_result result = \(handle)_user_header(message, &raw);")
            printer.line("if (header != NULL) *header = (\(qualifier)\(header.cType) *)raw;")
            printer.line("return result;")
        }
        printer.line("}")
        printer.line()
    }
}
