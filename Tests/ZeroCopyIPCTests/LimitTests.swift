import Glibc
import IPCPlatform
import Testing
import ZeroCopyIPC

struct Sample: ZeroCopySend, Equatable {
    static var typeName: String { "test.Sample" }
    var value: UInt64
}

/// Limits and local errors, exercised in this process (real shared memory, one private prefix per test).
@Suite struct LimitTests {
    @Test func loansBeyondMaxLoanedRequestsFailWithExceedsMaxLoans() throws {
        let bed = TestBed()
        do {
            let node = try NodeBuilder().config(bed.config).create()
            let service = try node.serviceBuilder(ServiceName("limits/loans")).requestResponse(Sample.self, Sample.self)
                .maxLoanedRequests(2).create()
            let client = try service.clientBuilder().create()
            let first = try client.loan()
            let second = try client.loan()
            #expect(throws: LoanError.exceedsMaxLoans(limit: 2)) { _ = try client.loan() }
            _ = consume first
            let third = try client.loan()  // a dropped loan gave its memory back
            _ = consume second
            _ = consume third
        }
        bed.finish()
    }

    @Test func activeRequestsBeyondTheLimitFailWithExceedsMaxActiveRequests() throws {
        let bed = TestBed()
        do {
            let node = try NodeBuilder().config(bed.config).create()
            let service = try node.serviceBuilder(ServiceName("limits/active")).requestResponse(
                Sample.self, Sample.self
            )
            .maxActiveRequestsPerClient(1).create()
            let client = try service.clientBuilder().create()
            let pending = try client.sendCopy(Sample(value: 1))
            let connected = pending.isConnected
            #expect(!connected)  // no server received it
            #expect(throws: SendError.exceedsMaxActiveRequests(limit: 1)) { _ = try client.sendCopy(Sample(value: 2)) }
            _ = consume pending
            _ = try client.sendCopy(Sample(value: 3))
            let limited = try node.serviceBuilder(ServiceName("limits/active-client"))
                .requestResponse(Sample.self, Sample.self).maxActiveRequestsPerClient(4).create()
            let modest = try limited.clientBuilder().maxActiveRequests(2).create()
            let first = try modest.sendCopy(Sample(value: 1))
            let second = try modest.sendCopy(Sample(value: 2))
            #expect(throws: SendError.exceedsMaxActiveRequests(limit: 2)) { _ = try modest.sendCopy(Sample(value: 3)) }
            _ = consume first
            _ = consume second
        }
        bed.finish()
    }

    @Test func staticSlicesFailOneElementAboveInitialMaxSliceLen() throws {
        let bed = TestBed()
        do {
            let node = try NodeBuilder().config(bed.config).create()
            let service = try node.serviceBuilder(ServiceName("limits/static")).requestResponse(
                [UInt8].self, [UInt8].self
            )
            .create()
            let client = try service.clientBuilder().initialMaxSliceLen(16).create()
            var fits = try client.loanSlice(16)
            let payload = fits.payload
            #expect(payload.count == 16)
            #expect(payload.indices.allSatisfy { payload[$0] == 0 })
            #expect(throws: LoanError.exceedsMaxLoanSize(requested: 17, maximum: 16)) { _ = try client.loanSlice(17) }
            _ = consume fits
        }
        bed.finish()
    }

    @Test func clientsBeyondMaxClientsNameTheLimitAndHowToRaiseIt() throws {
        let bed = TestBed()
        do {
            let node = try NodeBuilder().config(bed.config).create()
            let service = try node.serviceBuilder(ServiceName("limits/clients"))
                .requestResponse(Sample.self, Sample.self).maxClients(1).maxServers(1).create()
            let client = try service.clientBuilder().create()
            let server = try service.serverBuilder().create()
            do {
                _ = try service.clientBuilder().create()
                Issue.record("a second client was created")
            } catch {
                #expect(error == .exceedsMaxSupportedClients(service: "limits/clients", limit: 1))
                #expect(error.description.contains("maxClients(_:)"))
                #expect(error.description.contains("defaults.request-response.max-clients"))
            }
            #expect(throws: PortCreateError.exceedsMaxSupportedServers(service: "limits/clients", limit: 1)) {
                _ = try service.serverBuilder().create()
            }
            _ = (client, server)
        }
        bed.finish()
    }

    @Test func openRefusesHigherLimitsOtherBehaviourAndMissingAttributes() throws {
        let bed = TestBed()
        do {
            let node = try NodeBuilder().config(bed.config).create()
            let name = try ServiceName("limits/open")
            let service = try node.serviceBuilder(name).requestResponse(Sample.self, Sample.self).maxClients(2)
                .createWithAttributes(AttributeSpecifier().define(key: "camera", value: "front"))
            #expect(
                throws: ServiceOpenError.doesNotSupportRequestedAmount(
                    service: "limits/open", of: "clients", requested: 3, supported: 2)
            ) {
                _ = try node.serviceBuilder(name).requestResponse(Sample.self, Sample.self).maxClients(3).open()
            }
            #expect(
                throws: ServiceOpenError.incompatibleBehavior(
                    service: "limits/open", setting: "safe overflow for requests", requested: false, actual: true)
            ) {
                _ = try node.serviceBuilder(name).requestResponse(Sample.self, Sample.self)
                    .enableSafeOverflowForRequests(false).open()
            }
            #expect(throws: ServiceOpenError.self) {
                _ = try node.serviceBuilder(name).requestResponse(Sample.self, Sample.self)
                    .openWithAttributes(AttributeVerifier().require(key: "camera", value: "back"))
            }
            let opened = try node.serviceBuilder(name).requestResponse(Sample.self, Sample.self)
                .openWithAttributes(AttributeVerifier().require(key: "camera", value: "front"))
            #expect(opened.attributes == [Attribute(key: "camera", value: "front")])
            #expect(throws: ServiceCreateError.alreadyExists(service: "limits/open")) {
                _ = try node.serviceBuilder(name).requestResponse(Sample.self, Sample.self).create()
            }
            #expect(throws: ServiceOpenError.self) {
                _ = try node.serviceBuilder(name).requestResponse([UInt8].self, Sample.self).open()
            }
            #expect(Service.doesExist(name: name, config: bed.config))
            _ = (service, opened)
        }
        // The service disappeared with its last user.
        #expect(!Service.doesExist(name: try ServiceName("limits/open"), config: bed.config))
        bed.finish()
    }

    @Test func aServiceFromAnotherLayoutVersionIsRefusedWithVersionMismatch() throws {
        let bed = TestBed()
        do {
            let node = try NodeBuilder().config(bed.config).create()
            let name = try ServiceName("limits/version")
            let service = try node.serviceBuilder(name).requestResponse(Sample.self, Sample.self).create()
            let segment = SharedMemoryMapping.list(prefix: bed.prefix + "svc_").first ?? ""
            let mapping = try SharedMemoryMapping.open(name: segment)
            let current = mapping.base.load(fromByteOffset: 8, as: UInt32.self)
            mapping.base.storeBytes(of: UInt32(99), toByteOffset: 8, as: UInt32.self)
            #expect(
                throws: ServiceOpenError.versionMismatch(service: "limits/version", found: 99, expected: current)
            ) {
                _ = try node.serviceBuilder(name).requestResponse(Sample.self, Sample.self).open()
            }
            mapping.base.storeBytes(of: current, toByteOffset: 8, as: UInt32.self)
            _ = service
        }
        bed.finish()
    }

    @Test func aServiceWhoseCreatorNeverFinishesIsReportedAsHangingInCreation() throws {
        let bed = TestBed()
        var fingerprint = LayoutFingerprint()
        fingerprint.combine("limits/hanging")
        let hex = String(fingerprint.value, radix: 16)
        let segment = bed.prefix + "svc_" + String(repeating: "0", count: 16 - hex.count) + hex
        do {
            // A segment as a creator leaves it when it dies before marking the service ready.
            let stuck = try SharedMemoryMapping.create(name: segment, size: 4096)
            let node = try NodeBuilder().config(bed.config).create()
            #expect(throws: ServiceOpenError.hangsInCreation(service: "limits/hanging")) {
                _ = try node.serviceBuilder(ServiceName("limits/hanging")).requestResponse(Sample.self, Sample.self)
                    .open()
            }
            _ = stuck
        }
        SharedMemoryMapping.unlink(name: segment)
        bed.finish()
    }

    @Test func nodesAreListedAliveAndDeadAndCleanupReclaimsTheDead() async throws {
        let bed = TestBed()
        let killed = try await runHelperAndKill("hold-server", bed, after: "READY")
        #expect(killed)
        var dead = Node.list(config: bed.config).filter { $0.state == .dead }
        // The kernel releases the killed process's lock as it exits; wait for that (a hang guard, not a timing check).
        for _ in 0..<500 where dead.isEmpty {
            try await Task.sleep(for: .milliseconds(10))
            dead = Node.list(config: bed.config).filter { $0.state == .dead }
        }
        #expect(dead.count == 1)
        #expect(dead.first?.name == "hold-server")
        do {
            let node = try NodeBuilder().name("cleaner").config(bed.config).create()  // creation cleans up too
            #expect(node.tryCleanupDeadNodes() == 0)
            #expect(Node.list(config: bed.config).map(\.name) == ["cleaner"])
            #expect(Node.list(config: bed.config).first?.state == .alive)
        }
        bed.finish()
    }
}

@Suite struct SegmentLimitTests {
    @Test func growingBeyond255LiveSegmentsFailsWithExceedsMaxNumberOfSegments() throws {
        let bed = TestBed()
        do {
            let node = try NodeBuilder().config(bed.config).create()
            let service = try node.serviceBuilder(ServiceName("limits/segments"))
                .requestResponse([UInt8].self, [UInt8].self).maxLoanedRequests(300).maxServers(1)
                .maxActiveRequestsPerClient(1).create()
            let client = try service.clientBuilder().initialMaxSliceLen(1).allocationStrategy(.bestFit).create()
            // Every loan is one element longer than the last, so each needs a new segment, and holding the loans
            // keeps every older segment alive.
            var loans: [RequestMutBox] = []
            for length in 1...255 { loans.append(RequestMutBox(try client.loanSlice(length))) }
            #expect(client.numberOfDataSegments == 255)
            #expect(throws: LoanError.exceedsMaxNumberOfSegments) { _ = try client.loanSlice(256) }
            loans.removeAll()
            #expect(client.numberOfDataSegments == 1)  // released loans retire the old segments
        }
        bed.finish()
    }
}

/// Holds a noncopyable loan in an array.
final class RequestMutBox {
    let loan: RequestMut<[UInt8], [UInt8]>
    init(_ loan: consuming RequestMut<[UInt8], [UInt8]>) { self.loan = loan }
}
