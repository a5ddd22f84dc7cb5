/// An open event service: builds notifiers and listeners, and describes the service.
///
/// Keeping it alive keeps this node registered in the service; the service disappears when no node uses it.
public final class EventService {
    let handle: EventHandle

    /// Whether this handle created the service (`create()`, or the winning `openOrCreate()`).
    public let isCreator: Bool

    init(handle: EventHandle, isCreator: Bool) {
        self.handle = handle
        self.isCreator = isCreator
    }

    /// The service's name.
    public var name: String { handle.name.value }
    /// What the creator fixed: limits, deadline, automatic event ids, attributes.
    public var staticConfig: EventStaticConfig { handle.config }
    /// The creator's attributes.
    public var attributes: [Attribute] { handle.config.attributes }
    /// The number of nodes that have the service open now (a node counts once, however many handles it holds).
    public var numberOfNodes: Int { handle.segment.numberOfNodes }
    /// The number of notifiers connected now.
    public var numberOfNotifiers: Int { handle.segment.numberOfFirstPorts }
    /// The number of listeners connected now.
    public var numberOfListeners: Int { handle.segment.numberOfSecondPorts }

    /// Starts building a notifier.
    public func notifierBuilder() -> NotifierBuilder { NotifierBuilder(service: handle) }
    /// Starts building a listener.
    public func listenerBuilder() -> ListenerBuilder { ListenerBuilder(service: handle) }
}

/// A process's registration in an event service.
typealias EventHandle = ServiceHandle<EventStaticConfig>
