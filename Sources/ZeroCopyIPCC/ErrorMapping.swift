import CZeroCopyIPC
@_spi(Untyped) import ZeroCopyIPC

// Each runtime error becomes one code of zerocopyipc.h and keeps the runtime's own sentence, which already names
// the fix; the C caller sees the same text a Swift caller gets from `description`.

extension Failure {
    init(_ error: NodeCreateError) { self.init(ZC_ERROR_NODE_CREATE, error.description) }

    init(_ error: NodeWaitError) {
        switch error {
        case .interrupt: self.init(ZC_ERROR_INTERRUPT, error.description)
        case .terminationRequest: self.init(ZC_ERROR_TERMINATION_REQUEST, error.description)
        }
    }

    init(_ error: ServiceCreateError) {
        let code: zc_result =
            switch error {
            case .alreadyExists: ZC_ERROR_SERVICE_ALREADY_EXISTS
            case .invalidPayloadLayout: ZC_ERROR_INVALID_PAYLOAD_LAYOUT
            case .invalidEventId, .invalidEventIdMaxValue: ZC_ERROR_INVALID_ARGUMENT
            case .insufficientPermissions: ZC_ERROR_SERVICE_UNAVAILABLE
            case .internalFailure: ZC_ERROR_INTERNAL
            }
        self.init(code, error.description)
    }

    init(_ error: ServiceOpenError) {
        let code: zc_result =
            switch error {
            case .doesNotExist: ZC_ERROR_SERVICE_DOES_NOT_EXIST
            case .incompatibleMessagingPattern: ZC_ERROR_INCOMPATIBLE_MESSAGING_PATTERN
            case .incompatibleTypes: ZC_ERROR_INCOMPATIBLE_TYPES
            case .doesNotSupportRequestedAmount: ZC_ERROR_UNSUPPORTED_AMOUNT
            case .incompatibleBehavior, .incompatibleSetting: ZC_ERROR_INCOMPATIBLE_BEHAVIOR
            case .incompatibleAttributes: ZC_ERROR_INCOMPATIBLE_ATTRIBUTES
            case .exceedsMaxNumberOfNodes: ZC_ERROR_EXCEEDS_MAX_NODES
            case .versionMismatch, .insufficientPermissions, .hangsInCreation, .serviceInCorruptedState:
                ZC_ERROR_SERVICE_UNAVAILABLE
            case .invalidPayloadLayout: ZC_ERROR_INVALID_PAYLOAD_LAYOUT
            case .internalFailure: ZC_ERROR_INTERNAL
            }
        self.init(code, error.description)
    }

    init(_ error: ServiceOpenOrCreateError) {
        switch error {
        case .open(let inner): self.init(inner)
        case .create(let inner): self.init(inner)
        }
    }

    init(_ error: PortCreateError) {
        let code: zc_result =
            switch error {
            case .exceedsMaxSupportedClients, .exceedsMaxSupportedServers, .exceedsMaxSupportedPublishers,
                .exceedsMaxSupportedSubscribers, .exceedsMaxSupportedNotifiers, .exceedsMaxSupportedListeners:
                ZC_ERROR_EXCEEDS_MAX_PORTS
            case .invalidDefaultEventId: ZC_ERROR_INVALID_ARGUMENT
            case .bufferSizeExceedsService: ZC_ERROR_BUFFER_SIZE_EXCEEDS_SERVICE
            case .internalFailure: ZC_ERROR_INTERNAL
            }
        self.init(code, error.description)
    }

    @inline(never)  // cold: keeps the hot exports that map these small
    init(_ error: LoanError) {
        let code: zc_result =
            switch error {
            case .exceedsMaxLoans: ZC_ERROR_EXCEEDS_MAX_LOANS
            case .exceedsMaxLoanSize: ZC_ERROR_EXCEEDS_MAX_LOAN_SIZE
            case .exceedsMaxNumberOfSegments, .outOfMemory: ZC_ERROR_OUT_OF_MEMORY
            case .internalFailure: ZC_ERROR_INTERNAL
            }
        self.init(code, error.description)
    }

    @inline(never)  // cold: keeps the hot exports that map these small
    init(_ error: SendError) {
        switch error {
        case .exceedsMaxActiveRequests: self.init(ZC_ERROR_EXCEEDS_MAX_ACTIVE_REQUESTS, error.description)
        case .receiverBufferFull: self.init(ZC_ERROR_RECEIVER_BUFFER_FULL, error.description)
        case .connectionClosed: self.init(ZC_ERROR_CONNECTION_CLOSED, error.description)
        case .loanFailed(let inner): self.init(inner)
        }
    }

    @inline(never)  // cold: keeps the hot exports that map these small
    init(_ error: ReceiveError) { self.init(ZC_ERROR_EXCEEDS_MAX_BORROWS, error.description) }
}

/// The code of a failed loan, send or receive of a hot call, its message stored. Out of line, so that the exports
/// keep only the success path.
@inline(never)
func failed(_ error: LoanError) -> zc_result { failed(Failure(error)) }

@inline(never)
func failed(_ error: SendError) -> zc_result { failed(Failure(error)) }

@inline(never)
func failed(_ error: ReceiveError) -> zc_result { failed(Failure(error)) }
