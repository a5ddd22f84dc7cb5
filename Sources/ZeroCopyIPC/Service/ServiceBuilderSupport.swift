import Glibc

/// The steps every pattern's service builder shares: checking payload layouts and alignments, comparing what an
/// opener requires with what the service has, and the open-or-create race.
enum ServiceBuilderSupport {
    /// The first payload problem: a requested alignment that cannot be given, or a type whose Swift layout does
    /// not match its definition.
    static func layoutProblem(
        alignments: [(type: String, alignment: Int?, payload: String)], layouts: [TypeLayout]
    ) -> (type: String, problems: [String])? {
        for (type, alignment, payload) in alignments {
            if let problem = payloadAlignmentProblem(alignment, of: payload) { return (type, [problem]) }
        }
        for layout in layouts where !layout.mismatches.isEmpty { return (layout.typeName, layout.mismatches) }
        return nil
    }

    /// Refuses a payload or user header that does not fit the service's.
    static func verify(
        _ label: String, required mine: PayloadDescriptor?, existing theirs: PayloadDescriptor?, service: String
    ) throws(ServiceOpenError) {
        let differences: [String]
        switch (mine, theirs) {
        case (let mine?, let theirs?): differences = theirs.differences(from: mine)
        case (nil, let theirs?): differences = ["the service has \(theirs), none was requested"]
        case (let mine?, nil): differences = ["the service has none, \(mine) was requested"]
        case (nil, nil): differences = []
        }
        if !differences.isEmpty { throw .incompatibleTypes(service: service, payload: label, differences: differences) }
    }

    /// Refuses a requested amount above the service's.
    static func verify(amounts: [(what: String, requested: Int?, supported: Int)], service: String)
        throws(ServiceOpenError)
    {
        for (what, wanted, supported) in amounts {
            if let wanted, wanted > supported {
                throw .doesNotSupportRequestedAmount(
                    service: service, of: what, requested: wanted, supported: supported)
            }
        }
    }

    /// Refuses a requested behaviour other than the service's.
    static func verify(behaviours: [(setting: String, requested: Bool?, actual: Bool)], service: String)
        throws(ServiceOpenError)
    {
        for (setting, wanted, actual) in behaviours {
            if let wanted, wanted != actual {
                throw .incompatibleBehavior(service: service, setting: setting, requested: wanted, actual: actual)
            }
        }
    }

    /// Opens the service, or creates it when it does not exist. When many processes race, exactly one creates.
    static func openOrCreate<Service>(
        name: ServiceName, open: () throws(ServiceOpenError) -> Service,
        create: () throws(ServiceCreateError) -> Service
    ) throws(ServiceOpenOrCreateError) -> Service {
        for _ in 0..<100 {
            do throws(ServiceOpenError) {
                return try open()
            } catch {
                guard case .doesNotExist = error else { throw .open(error) }
            }
            do throws(ServiceCreateError) {
                return try create()
            } catch {
                // Another process won the race: open its service on the next round.
                guard case .alreadyExists = error else { throw .create(error) }
                usleep(1000)  // the existing service may be on its way out; give its last user time to remove it
            }
        }
        throw .open(.hangsInCreation(service: name.value))
    }
}
