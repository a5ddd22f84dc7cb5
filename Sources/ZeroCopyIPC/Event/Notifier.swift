/// Sends event ids to every listener of an event service.
///
/// ```swift
/// let notifier = try service.notifierBuilder().create()
/// let reached = try notifier.notify(eventId: EventId(12))
/// ```
/// A notification sets the id pending in each listener (one atomic operation) and wakes only listeners that sleep,
/// so notifying costs no system call while nobody waits. Creating and dropping a notifier sends the service's
/// `notifierCreatedEvent` / `notifierDroppedEvent`, if it has them.
public final class Notifier {
    let core: NotifierCore
    /// The id ``notify()`` sends.
    public let defaultEventId: EventId

    init(core: NotifierCore, defaultEventId: EventId) {
        self.core = core
        self.defaultEventId = defaultEventId
    }

    /// The notifier's unique port id.
    public var id: UInt64 { core.port }
    /// The service's deadline: the longest time allowed between two notifications, if it has one.
    public var deadline: Duration? { core.settings.deadline }
    /// The number of listeners connected now.
    public var numberOfListeners: Int { core.service.segment.numberOfSecondPorts }

    /// Sends ``defaultEventId`` to every listener.
    /// - Returns: The number of listeners it reached.
    /// - Throws: ``NotifierNotifyError``.
    @discardableResult
    public func notify() throws(NotifierNotifyError) -> Int { try core.notify(defaultEventId.value) }

    /// Sends `eventId` to every listener.
    /// - Parameter eventId: The id, from 0 to the service's `eventIdMaxValue`.
    /// - Returns: The number of listeners it reached.
    /// - Throws: ``NotifierNotifyError/eventIdOutOfBounds(service:id:eventIdMaxValue:)`` for a larger id (nothing is
    ///   sent), ``NotifierNotifyError/missedDeadline(service:deadline:elapsed:reached:)`` when it was sent later
    ///   than the service's deadline allows.
    @discardableResult
    public func notify(eventId: EventId) throws(NotifierNotifyError) -> Int { try core.notify(eventId.value) }
}
