import IPCDefinition

// C for the constructs of language version 2: tagged unions with tag constants and accessors, `…_init` functions
// that apply field defaults, type aliases and service names.
extension CDeclarationEmitter {
    // MARK: Unions

    mutating func emitUnion(_ id: TypeID, into printer: inout CodePrinter) {
        guard !emitted.contains(id.qualifiedName), let union = definitions.unions[id] else { return }
        emitted.insert(id.qualifiedName)
        for item in union.cases { if let type = item.type { require(type, into: &printer) } }
        let name = CNames.type(id, in: definitions)
        let layout = union.layout
        let tag = CNames.primitive(union.tag)
        printer.documentation(union.documentation)
        printer.line("/// `\(union.typeName)`: a tagged union, \(layout.size) bytes, alignment \(layout.alignment); `tag` is one of")
        printer.line("/// the `\(name)_TAG_*` constants and says which member of `value` is meaningful. Another process may")
        printer.line("/// write a tag no constant names: treat it as unknown.")
        var members = [
            Member(name: "tag", declaration: "\(tag) tag", offset: 0, size: union.tag.size, isPadding: false, documentation: []),
            Member(name: "value", declaration: "", offset: union.value.offset, size: union.value.size, isPadding: false,
                   documentation: []),
        ]
        members = interleave(fields: members, padding: layout.padding)
        printer.block("typedef struct \(name) {", closing: "} \(name);") { printer in
            for member in members {
                guard member.name == "value" else {
                    printer.line("\(member.declaration);  // offset \(member.offset), size \(member.size)")
                    continue
                }
                printer.block("union {", closing: "} value;  // offset \(member.offset), size \(member.size)") { printer in
                    for item in union.cases {
                        guard let type = item.type else { continue }
                        printer.documentation(item.documentation)
                        printer.line("\(CNames.declaration(of: type, named: CNames.identifier(item.name)));")
                    }
                }
            }
        }
        printer.block("enum \(name)_tags {", closing: "};") { printer in
            for item in union.cases { printer.line("\(name)_TAG_\(item.name) = \(item.tag),") }
        }
        printer.line("#define \(name)_TYPE_NAME \(cStringLiteral(union.typeName))")
        printer.line("#define \(name)_FINGERPRINT \(hex(layout.fingerprint))")
        printAssertions(name: name, size: layout.size, alignment: layout.alignment, members: members, into: &printer)
        for item in union.cases {
            let constant = "\(name)_TAG_\(item.name)"
            printer.line("static inline bool \(name)_is_\(item.name)(const \(name) *v) { return v->tag == \(constant); }")
            guard let type = item.type else {
                printer.block("static inline void \(name)_set_\(item.name)(\(name) *v) {") { printer in
                    printer.line("memset(&v->value, 0, sizeof v->value);")
                    printer.line("v->tag = \(constant);")
                }
                continue
            }
            let member = CNames.identifier(item.name)
            let isArray = if case .array = type { true } else { false }
            let parameter = "const " + CNames.declaration(of: type, named: "payload")
            printer.block("static inline void \(name)_set_\(item.name)(\(name) *v, \(parameter)) {") { printer in
                printer.line("memset(&v->value, 0, sizeof v->value);")
                printer.line("v->tag = \(constant);")
                printer.line("memcpy(&v->value.\(member), \(isArray ? "" : "&")payload, sizeof v->value.\(member));")
            }
        }
        printer.block("static inline \(name) \(name)_init(void) {") { printer in
            printer.line("\(name) v;")
            printer.line("memset(&v, 0, sizeof v);")
            printer.line("return v;")
        }
        printer.line()
    }

    // MARK: Defaults

    /// Whether a value of `type` starts with anything but zero bytes.
    func hasDefaults(_ type: FieldType) -> Bool {
        switch type {
        case .structure(let id):
            definitions.structures[id]!.fields.contains { $0.defaultValue != nil || hasDefaults($0.type) }
        case .array(let element, _): hasDefaults(element)
        default: false
        }
    }

    /// `static inline T T_init(void)`: zero, then every default the definition gives (nested structs included).
    func emitInitializer(_ structure: StructDefinition, into printer: inout CodePrinter) {
        let name = CNames.type(structure.id, in: definitions)
        printer.line("/// A `\(name)` with the definition's defaults (zero where none is given).")
        printer.block("static inline \(name) \(name)_init(void) {") { printer in
            printer.line("\(name) v;")
            printer.line("memset(&v, 0, sizeof v);")
            for field in structure.fields {
                let member = "v.\(CNames.identifier(field.name))"
                if let value = field.defaultValue {
                    assign(value, to: member, of: field.type, into: &printer)
                } else if hasDefaults(field.type) {
                    initialize(member, of: field.type, depth: 0, into: &printer)
                }
            }
            printer.line("return v;")
        }
    }

    private func initialize(_ lvalue: String, of type: FieldType, depth: Int, into printer: inout CodePrinter) {
        switch type {
        case .structure(let id):
            printer.line("\(lvalue) = \(CNames.type(id, in: definitions))_init();")
        case .array(let element, let count):
            let index = "i\(depth)"
            printer.block("for (size_t \(index) = 0; \(index) < \(count); \(index)++) {") { printer in
                initialize("\(lvalue)[\(index)]", of: element, depth: depth + 1, into: &printer)
            }
        default:
            break
        }
    }

    private func assign(_ value: DefaultValue, to lvalue: String, of type: FieldType, into printer: inout CodePrinter) {
        switch (value, type) {
        case (.integer(let number), .primitive(let primitive)):
            printer.line("\(lvalue) = (\(CNames.primitive(primitive)))\(integerLiteral(number));")
        case (.number(let text), .primitive(let primitive)):
            printer.line("\(lvalue) = \(text)\(primitive == .f32 ? "f" : "");")
        case (.bool(let flag), _):
            printer.line("\(lvalue) = \(flag);")
        case (.string(let text), _):
            printer.line("memcpy(\(lvalue).data, \(cStringLiteral(text)), \(text.utf8.count));")
            printer.line("\(lvalue).len = \(text.utf8.count);")
        case (.enumCase(let name), .enumeration(let id)):
            printer.line("\(lvalue) = \(CNames.type(id, in: definitions))_\(name);")
        case (.flags(let names), .enumeration(let id)):
            let type = CNames.type(id, in: definitions)
            let bits = names.isEmpty ? "0" : names.map { "\(type)_\($0)" }.joined(separator: " | ")
            printer.line("\(lvalue) = (\(type))(\(bits));")
        case (.optional(let wrapped?), .optional(let wrappedType)):
            printer.line("\(lvalue).has_value = 1;")
            assign(wrapped, to: "\(lvalue).value", of: wrappedType, into: &printer)
        default:
            break  // `none`: already zero
        }
    }

    // MARK: Aliases and services

    mutating func emitAlias(_ alias: AliasDefinition, into printer: inout CodePrinter) {
        require(alias.type, into: &printer)
        printer.documentation(alias.documentation)
        printer.line("/// `\(alias.id.qualifiedName)`: another name for `\(alias.type)`.")
        printer.line("typedef \(CNames.declaration(of: alias.type, named: CNames.type(alias.id, in: definitions)));")
        printer.line()
    }

    func emitService(_ service: ServiceDefinition, into printer: inout CodePrinter) {
        let name = (file.package + [service.identifier]).joined(separator: "_")
        printer.documentation(service.documentation)
        var parts = ["\(service.pattern.rawValue) service"]
        if let request = service.request { parts.append("request `\(request)`") }
        if let response = service.response { parts.append("response `\(response)`") }
        if let header = service.requestHeader { parts.append("request header `\(header)`") }
        if let header = service.responseHeader { parts.append("response header `\(header)`") }
        if let payload = service.payload { parts.append("payload `\(payload)`") }
        if let header = service.userHeader { parts.append("user header `\(header)`") }
        printer.line("/// The \(parts.joined(separator: ", ")).")
        printer.line("#define \(name)_SERVICE_NAME \(cStringLiteral(service.serviceName))")
        printer.line()
        emitServiceWrappers(service, name: name, into: &printer)
    }
}
