/// Why a node could not be created.
public enum NodeCreateError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The node name is longer than 255 bytes.
    case invalidName(String)
    /// The config file is invalid.
    case invalidConfig(ConfigError)
    /// The root folder cannot be written.
    case insufficientPermissions(path: String)
    /// A system call failed unexpectedly.
    case internalFailure(String)

    /// A sentence naming the problem and the fix.
    public var description: String {
        switch self {
        case .invalidName(let name): "node name '\(name)' is longer than 255 bytes; shorten it"
        case .invalidConfig(let error): error.description
        case .insufficientPermissions(let path):
            "cannot create the node's monitor file in '\(path)'; make the folder writable or set `global.root-path`"
        case .internalFailure(let what): "node creation failed: \(what)"
        }
    }
}

/// Why ``Node/wait(_:)`` returned early.
public enum NodeWaitError: Error, Sendable, Equatable, CustomStringConvertible {
    /// SIGINT (Ctrl-C) arrived.
    case interrupt
    /// SIGTERM arrived.
    case terminationRequest

    /// A sentence naming the signal.
    public var description: String {
        switch self {
        case .interrupt: "interrupted by SIGINT (Ctrl-C); end the loop and let the ports go"
        case .terminationRequest: "termination requested by SIGTERM; end the loop and let the ports go"
        }
    }
}

/// Why a service could not be created.
public enum ServiceCreateError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A service with this name exists already.
    case alreadyExists(service: String)
    /// The payload type's Swift layout does not match its definition.
    case invalidPayloadLayout(type: String, problems: [String])
    /// An automatic event id (notifier created, dropped or dead) is above the service's `eventIdMaxValue`.
    case invalidEventId(service: String, event: String, id: Int, eventIdMaxValue: Int)
    /// The requested `eventIdMaxValue` is outside what an event service supports (each listener keeps one pending bit
    /// per id in shared memory).
    case invalidEventIdMaxValue(service: String, requested: Int, supported: ClosedRange<Int>)
    /// The process may not create shared memory under the configured prefix.
    case insufficientPermissions(service: String)
    /// A system call failed unexpectedly.
    case internalFailure(service: String, reason: String)

    /// A sentence naming the problem and the fix.
    public var description: String {
        switch self {
        case .alreadyExists(let service):
            "service '\(service)' exists already; call `open()` or `openOrCreate()` instead of `create()`"
        case .invalidPayloadLayout(let type, let problems):
            "payload type '\(type)' cannot be used in shared memory: \(problems.joined(separator: "; ")); "
                + "regenerate it with the ipcgen that matches this runtime"
        case .invalidEventId(let service, let event, let id, let maximum):
            "service '\(service)': the \(event) event id \(id) is above the service's largest event id \(maximum); "
                + "choose an id from 0 to \(maximum) or raise `eventIdMaxValue(_:)`"
        case .invalidEventIdMaxValue(let service, let requested, let supported):
            "service '\(service)': eventIdMaxValue \(requested) is outside \(supported.lowerBound)..."
                + "\(supported.upperBound) (the limit `EventDefaults.largestEventIdMaxValue`); pass a value in that "
                + "range to `eventIdMaxValue(_:)`"
        case .insufficientPermissions(let service):
            "no permission to create the shared memory of service '\(service)'; check /dev/shm and the config prefix"
        case .internalFailure(let service, let reason): "creating service '\(service)' failed: \(reason)"
        }
    }
}

/// Why a service could not be opened.
public enum ServiceOpenError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No service with this name exists.
    case doesNotExist(service: String)
    /// The service was made for a different messaging pattern.
    case incompatibleMessagingPattern(service: String, found: String)
    /// The request or response type differs from the one the service was created with.
    case incompatibleTypes(service: String, payload: String, differences: [String])
    /// A requested limit is above what the service supports.
    case doesNotSupportRequestedAmount(service: String, of: String, requested: Int, supported: Int)
    /// An overflow or fire-and-forget setting differs.
    case incompatibleBehavior(service: String, setting: String, requested: Bool, actual: Bool)
    /// A requested setting (an event service's deadline or automatic event id) differs from the service's.
    case incompatibleSetting(service: String, setting: String, requested: String, actual: String)
    /// The attributes do not satisfy the verifier.
    case incompatibleAttributes(service: String, reason: String)
    /// The service's shared memory has another layout version (another version of this library made it).
    case versionMismatch(service: String, found: UInt32, expected: UInt32)
    /// The process may not open the service's shared memory.
    case insufficientPermissions(service: String)
    /// The creator has not finished creating the service (it may have died while creating it).
    case hangsInCreation(service: String)
    /// The service is open in as many nodes as it supports.
    case exceedsMaxNumberOfNodes(service: String, limit: Int)
    /// The service's shared memory exists but cannot be read as a service (overwritten or truncated).
    case serviceInCorruptedState(service: String)
    /// The payload type's Swift layout does not match its definition.
    case invalidPayloadLayout(type: String, problems: [String])
    /// A system call failed unexpectedly.
    case internalFailure(service: String, reason: String)

    /// A sentence naming the problem and the fix.
    public var description: String {
        switch self {
        case .doesNotExist(let service):
            return "service '\(service)' does not exist; create it first or use `openOrCreate()`"
        case .incompatibleMessagingPattern(let service, let found):
            return "service '\(service)' was made for the \(found) pattern, not the one asked for; open it with its "
                + "own pattern or use another name"
        case .incompatibleTypes(let service, let payload, let differences):
            return "service '\(service)': the \(payload) type differs from the service's: "
                + differences.joined(separator: ", ") + "; use the same generated type in both processes"
        case .doesNotSupportRequestedAmount(let service, let what, let requested, let supported):
            return "service '\(service)' supports \(supported) \(what), \(requested) were requested; "
                + "lower the builder's value or recreate the service with a higher one"
        case .incompatibleBehavior(let service, let setting, let requested, let actual):
            return "service '\(service)' has \(setting) = \(actual), \(requested) was requested; "
                + "use the same setting as the creator"
        case .incompatibleSetting(let service, let setting, let requested, let actual):
            return "service '\(service)' has \(setting) = \(actual), \(requested) was requested; "
                + "use the same setting as the creator, or leave it unset in the opening builder"
        case .incompatibleAttributes(let service, let reason):
            return "service '\(service)': \(reason); adjust the AttributeVerifier or the creator's attributes"
        case .versionMismatch(let service, let found, let expected):
            return "service '\(service)' was created with shared-memory layout version \(found), this library uses "
                + "\(expected); run the same library version in every process"
        case .insufficientPermissions(let service):
            return "no permission to open the shared memory of service '\(service)'; run as the creating user"
        case .hangsInCreation(let service):
            return "service '\(service)' is still being created (its creator may have died); "
                + "call `node.tryCleanupDeadNodes()` or retry"
        case .exceedsMaxNumberOfNodes(let service, let limit):
            return "service '\(service)' supports at most \(limit) nodes; raise `maxNodes(_:)` in the creating "
                + "builder or `max-nodes` under its pattern's `[defaults.…]` section in the config file"
        case .serviceInCorruptedState(let service):
            return "service '\(service)' is in a corrupted state: its shared memory is not a readable service; "
                + "it is removed by dead-node cleanup (`node.tryCleanupDeadNodes()`) once its creator has exited, "
                + "or remove it from /dev/shm by hand if its creator still runs"
        case .invalidPayloadLayout(let type, let problems):
            return "payload type '\(type)' cannot be used in shared memory: \(problems.joined(separator: "; ")); "
                + "regenerate it with the ipcgen that matches this runtime"
        case .internalFailure(let service, let reason):
            return "opening service '\(service)' failed: \(reason)"
        }
    }
}

/// Why `openOrCreate()` failed: the open or the create half.
public enum ServiceOpenOrCreateError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Opening the existing service failed.
    case open(ServiceOpenError)
    /// Creating the service failed.
    case create(ServiceCreateError)

    /// The underlying error's sentence.
    public var description: String {
        switch self {
        case .open(let error): error.description
        case .create(let error): error.description
        }
    }
}

/// Why a port (client, server, publisher, subscriber) could not be created.
public enum PortCreateError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The service has as many clients as it supports.
    case exceedsMaxSupportedClients(service: String, limit: Int)
    /// The service has as many servers as it supports.
    case exceedsMaxSupportedServers(service: String, limit: Int)
    /// The service has as many publishers as it supports.
    case exceedsMaxSupportedPublishers(service: String, limit: Int)
    /// The service has as many subscribers as it supports.
    case exceedsMaxSupportedSubscribers(service: String, limit: Int)
    /// The service has as many notifiers as it supports.
    case exceedsMaxSupportedNotifiers(service: String, limit: Int)
    /// The service has as many listeners as it supports.
    case exceedsMaxSupportedListeners(service: String, limit: Int)
    /// A notifier's default event id is above the service's `eventIdMaxValue`.
    case invalidDefaultEventId(service: String, id: Int, eventIdMaxValue: Int)
    /// The subscriber asked for a larger buffer than the service supports.
    case bufferSizeExceedsService(service: String, requested: Int, supported: Int)
    /// A system call failed unexpectedly.
    case internalFailure(service: String, reason: String)

    /// A sentence naming the limit, its value and how to raise it.
    public var description: String {
        switch self {
        case .exceedsMaxSupportedClients(let service, let limit):
            "service '\(service)' supports at most \(limit) clients (limit `max-clients`); raise `maxClients(_:)` "
                + "in the service builder or `defaults.request-response.max-clients` in the config file"
        case .exceedsMaxSupportedServers(let service, let limit):
            "service '\(service)' supports at most \(limit) servers (limit `max-servers`); raise `maxServers(_:)` "
                + "in the service builder or `defaults.request-response.max-servers` in the config file"
        case .exceedsMaxSupportedPublishers(let service, let limit):
            "service '\(service)' supports at most \(limit) publishers (limit `max-publishers`); raise "
                + "`maxPublishers(_:)` in the service builder or `defaults.publish-subscribe.max-publishers` in the "
                + "config file"
        case .exceedsMaxSupportedSubscribers(let service, let limit):
            "service '\(service)' supports at most \(limit) subscribers (limit `max-subscribers`); raise "
                + "`maxSubscribers(_:)` in the service builder or `defaults.publish-subscribe.max-subscribers` in the "
                + "config file"
        case .exceedsMaxSupportedNotifiers(let service, let limit):
            "service '\(service)' supports at most \(limit) notifiers (limit `max-notifiers`); raise "
                + "`maxNotifiers(_:)` in the service builder or `defaults.event.max-notifiers` in the config file"
        case .exceedsMaxSupportedListeners(let service, let limit):
            "service '\(service)' supports at most \(limit) listeners (limit `max-listeners`); raise "
                + "`maxListeners(_:)` in the service builder or `defaults.event.max-listeners` in the config file"
        case .invalidDefaultEventId(let service, let id, let maximum):
            "default event id \(id) is above the largest id \(maximum) of event service '\(service)'; choose an id "
                + "from 0 to \(maximum) in `defaultEventId(_:)`"
        case .bufferSizeExceedsService(let service, let requested, let supported):
            "service '\(service)' buffers at most \(supported) samples per subscriber, \(requested) were requested; "
                + "lower `bufferSize(_:)` or create the service with a larger `subscriberMaxBufferSize(_:)`"
        case .internalFailure(let service, let reason): "creating a port of service '\(service)' failed: \(reason)"
        }
    }
}

/// Why a loan failed.
public enum LoanError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The port already holds as many loans as allowed.
    case exceedsMaxLoans(limit: Int)
    /// The slice is longer than the `.static` allocation strategy allows.
    case exceedsMaxLoanSize(requested: Int, maximum: Int)
    /// Growing would need more than 255 data segments at once.
    case exceedsMaxNumberOfSegments
    /// Every chunk is still held by receivers.
    case outOfMemory
    /// Creating a new data segment failed.
    case internalFailure(String)

    /// A sentence naming the limit and the fix.
    public var description: String {
        switch self {
        case .exceedsMaxLoans(let limit):
            "at most \(limit) loans may be held at once; send or drop one first, or raise the builder's limit "
                + "(`maxLoanedRequests(_:)` / `maxLoanedResponsesPerRequest(_:)` / `maxLoanedSamples(_:)`)"
        case .exceedsMaxLoanSize(let requested, let maximum):
            "a slice of \(requested) elements exceeds the maximum of \(maximum); raise `initialMaxSliceLen(_:)` "
                + "or choose `allocationStrategy(.bestFit)` / `.powerOfTwo`"
        case .exceedsMaxNumberOfSegments:
            "the port would need more than 255 data segments; release older samples or use a larger "
                + "`initialMaxSliceLen(_:)`"
        case .outOfMemory:
            "every chunk of the port is still held by receivers; drop received samples sooner"
        case .internalFailure(let reason): "loan failed: \(reason)"
        }
    }
}

/// Why a send failed.
public enum SendError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The client has as many active requests (live `PendingResponse`s) as allowed.
    case exceedsMaxActiveRequests(limit: Int)
    /// The receiver's buffer is full and safe overflow is off.
    case receiverBufferFull
    /// The request this response answers is gone (the client dropped its `PendingResponse` or died).
    case connectionClosed
    /// `sendCopy` could not loan memory for the copy.
    case loanFailed(LoanError)

    /// A sentence naming the limit and the fix.
    public var description: String {
        switch self {
        case .exceedsMaxActiveRequests(let limit):
            "at most \(limit) requests may be active per client; drop a `PendingResponse` first or raise "
                + "`maxActiveRequests(_:)` in the client builder or `maxActiveRequestsPerClient(_:)` in the "
                + "service builder"
        case .receiverBufferFull:
            "the receiver's buffer is full; enable safe overflow in the service builder or let it catch up"
        case .connectionClosed:
            "the client of this request is gone; stop responding to it"
        case .loanFailed(let error): error.description
        }
    }
}

/// Why a receive failed.
public enum ReceiveError: Error, Sendable, Equatable, CustomStringConvertible {
    /// As many responses of this request are alive as allowed.
    case exceedsMaxBorrows(limit: Int)
    /// As many samples of this subscriber are alive as allowed.
    case exceedsMaxBorrowedSamples(limit: Int)

    /// A sentence naming the limit and the fix.
    public var description: String {
        switch self {
        case .exceedsMaxBorrows(let limit):
            "at most \(limit) responses per pending response may be held at once; drop one first or raise "
                + "`maxBorrowedResponsesPerPendingResponse(_:)` in the service builder"
        case .exceedsMaxBorrowedSamples(let limit):
            "at most \(limit) samples per subscriber may be held at once; drop one first or raise "
                + "`subscriberMaxBorrowedSamples(_:)` in the service builder"
        }
    }
}
