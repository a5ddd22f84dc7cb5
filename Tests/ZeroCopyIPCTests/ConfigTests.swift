import Glibc
import Testing
import ZeroCopyIPC

@Suite struct ConfigTests {
    @Test func readsEveryPublishSubscribeKey() throws {
        let config = try Config.parse(
            """
            [defaults.publish-subscribe]
            max-publishers = 3
            max-subscribers = 5
            max-nodes = 7
            history-size = 9
            subscriber-max-buffer-size = 11
            subscriber-max-borrowed-samples = 13
            publisher-max-loaned-samples = 15
            enable-safe-overflow = false
            unable-to-deliver-strategy = "discard-data"
            """)
        let limits = config.publishSubscribe
        #expect(
            [
                limits.maxPublishers, limits.maxSubscribers, limits.maxNodes, limits.historySize,
                limits.subscriberMaxBufferSize, limits.subscriberMaxBorrowedSamples, limits.publisherMaxLoanedSamples,
            ] == [3, 5, 7, 9, 11, 13, 15])
        #expect(!limits.enableSafeOverflow && limits.unableToDeliverStrategy == .discardData)
        #expect(config.requestResponse == RequestResponseDefaults())
        #expect(throws: ConfigError.self) {
            try Config.parse("[defaults.publish-subscribe]\nunable-to-deliver-strategy = \"drop\"\n")
        }
    }

    @Test func readsEveryKey() throws {
        let config = try Config.parse(
            """
            [global]
            root-path = "/tmp/elsewhere"
            prefix = "mine_"

            [defaults.request-response]
            max-clients = 3
            max-servers = 5
            max-nodes = 7
            max-active-requests-per-client = 9
            max-loaned-requests = 11
            max-response-buffer-size = 13
            max-borrowed-responses-per-pending-response = 15
            max-loaned-responses-per-request = 17
            enable-safe-overflow-for-requests = false
            enable-safe-overflow-for-responses = false
            enable-fire-and-forget-requests = false
            """)
        #expect(config.rootPath == "/tmp/elsewhere")
        #expect(config.prefix == "mine_")
        let limits = config.requestResponse
        #expect(
            [limits.maxClients, limits.maxServers, limits.maxNodes, limits.maxActiveRequestsPerClient]
                == [3, 5, 7, 9])
        #expect(
            [
                limits.maxLoanedRequests, limits.maxResponseBufferSize, limits.maxBorrowedResponsesPerPendingResponse,
                limits.maxLoanedResponsesPerRequest,
            ] == [11, 13, 15, 17])
        #expect(
            !limits.enableSafeOverflowForRequests && !limits.enableSafeOverflowForResponses
                && !limits.enableFireAndForgetRequests)
    }

    @Test func missingKeysKeepTheDefaults() throws {
        #expect(try Config.parse("") == Config())
    }

    @Test func syntaxErrorsNameFileLineAndColumn() {
        #expect {
            _ = try Config.parse("[global]\nprefix = \"unterminated\n", file: "bad.toml")
        } throws: { error in
            guard case .syntax(let file, let line, _, _) = error as? ConfigError else { return false }
            return file == "bad.toml" && line == 2
        }
    }

    @Test func unknownKeysAndWrongTypesNameFileLineAndKey() {
        let text = "[global]\nprefix = \"p_\"\n\n[defaults.request-response]\nmax-client = 3\n"
        #expect(throws: ConfigError.unknownKey(file: "c.toml", line: 5, key: "defaults.request-response.max-client")) {
            _ = try Config.parse(text, file: "c.toml")
        }
        #expect(
            throws: ConfigError.invalidValue(
                file: "c.toml", line: 2, key: "defaults.request-response.max-servers", reason: "must be an integer")
        ) {
            _ = try Config.parse("[defaults.request-response]\nmax-servers = \"two\"\n", file: "c.toml")
        }
        let described = ConfigError.unknownKey(file: "c.toml", line: 5, key: "x").description
        #expect(described.hasPrefix("c.toml:5:"))
    }

    @Test func loadsFromAFileAndReportsUnreadableFiles() throws {
        let path = "/tmp/zct_config_\(UInt32.random(in: 0...UInt32.max)).toml"
        let file = fopen(path, "w")
        fputs("[global]\nprefix = \"filed_\"\n", file)
        fclose(file)
        defer { unlink(path) }
        #expect(try Config.load(from: path).prefix == "filed_")
        #expect(throws: ConfigError.unreadable(file: path + ".missing")) {
            _ = try Config.load(from: path + ".missing")
        }
    }

    @Test func nodesUseTheConfiguredLimits() throws {
        let bed = TestBed()
        do {
            var config = bed.config
            config.requestResponse.maxClients = 1
            let node = try NodeBuilder().config(config).create()
            let service = try node.serviceBuilder(ServiceName("config/limits")).requestResponse(
                UInt64.self, UInt64.self
            )
            .create()
            #expect(service.staticConfig.limits.maxClients == 1)
            let client = try service.clientBuilder().create()
            #expect(throws: PortCreateError.exceedsMaxSupportedClients(service: "config/limits", limit: 1)) {
                _ = try service.clientBuilder().create()
            }
            _ = client
        }
        bed.finish()
    }
}
