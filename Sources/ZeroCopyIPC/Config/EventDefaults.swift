/// The default settings of an event service (iceoryx2's numbers); each has a builder call and a config key in
/// `[defaults.event]`.
public struct EventDefaults: Sendable, Equatable {
    /// Notifiers connected at the same time (`max-notifiers`).
    public var maxNotifiers = 16
    /// Listeners connected at the same time (`max-listeners`).
    public var maxListeners = 16
    /// Nodes that may open the service at the same time (`max-nodes`).
    public var maxNodes = 36
    /// The largest event id a notifier may send (`event-id-max-value`, at most 4095).
    public var eventIdMaxValue = 255
    /// The longest time between two notifications that the service allows (`deadline-ms`; `nil`: none).
    public var deadline: Duration?
    /// The event every listener gets when a notifier is created (`notifier-created-event`; `nil`: none).
    public var notifierCreatedEvent: EventId?
    /// The event every listener gets when a notifier is dropped (`notifier-dropped-event`; `nil`: none).
    public var notifierDroppedEvent: EventId?
    /// The event every listener gets when cleanup removes a notifier whose process died (`notifier-dead-event`;
    /// `nil`: none).
    public var notifierDeadEvent: EventId?

    /// The largest `eventIdMaxValue` a service may have: each listener keeps one pending bit per id in shared
    /// memory (512 bytes at this maximum).
    public static let largestEventIdMaxValue = 4095

    /// The built-in defaults.
    public init() {}
}
