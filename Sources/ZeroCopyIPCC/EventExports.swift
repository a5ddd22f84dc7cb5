import CZeroCopyIPC
@_spi(Untyped) import ZeroCopyIPC

// The event messaging pattern through the C API: services, notifiers and listeners. Events carry no payload, so
// there are no type details and no messages; a notifier notifies an event id, a listener takes pending ids.

/// An event service handed to C.
final class EventHandle: Handle {
    let service: EventService
    init(service: EventService) { self.service = service }
}

/// A notifier handed to C.
final class NotifierHandle: Handle {
    let notifier: Notifier
    init(notifier: Notifier) { self.notifier = notifier }
}

/// A listener handed to C.
final class ListenerHandle: Handle {
    let listener: Listener
    init(listener: Listener) { self.listener = listener }
}

extension Failure {
    init(_ error: NotifierNotifyError) {
        switch error {
        case .eventIdOutOfBounds: self.init(ZC_ERROR_EVENT_ID_OUT_OF_BOUNDS, error.description)
        case .missedDeadline: self.init(ZC_ERROR_MISSED_DEADLINE, error.description)
        }
    }
}

/// An event id from C, refusing one no `EventId` can hold (the service refuses ids above its maximum itself).
private func eventId(_ value: UInt64, _ argument: String, in function: String) throws(Failure) -> EventId {
    guard value <= UInt64(Int.max) else {
        throw Failure(ZC_ERROR_EVENT_ID_OUT_OF_BOUNDS, "\(function): \(argument) \(value) is not an event id; "
            + "use an id up to the service's event_id_max_value")
    }
    return EventId(Int(value))
}

/// An optional event id setting: UNSET keeps the builder's, OFF disables, ON sets `value`.
private func eventSetting(
    _ setting: zc_setting, _ value: UInt64, _ argument: String, in function: String
) throws(Failure) -> EventId?? {
    switch try ZeroCopyIPCC.setting(setting, argument, in: function) {
    case nil: return nil
    case false?: return .some(nil)
    case true?: return .some(try eventId(value, argument + "_id", in: function))
    }
}

@c public func zc_event_open(
    _ node: OpaquePointer?, _ name: UnsafePointer<CChar>?, _ options: UnsafePointer<zc_event_options>?,
    _ mode: zc_open_mode, _ out: UnsafeMutablePointer<OpaquePointer?>?
) -> zc_result {
    exported { () throws(Failure) in
        let function = "zc_event_open"
        let nodeHandle = try LiveHandles.resolve(node, as: NodeHandle.self, "node", in: function)
        let name = try serviceName(name, in: function)
        let out = try require(out, "out", in: function)
        let options = options?.pointee ?? zc_event_options()
        var builder = nodeHandle.node.serviceBuilder(name).event()
        if let value = limit(options.max_notifiers) { builder = builder.maxNotifiers(value) }
        if let value = limit(options.max_listeners) { builder = builder.maxListeners(value) }
        if let value = limit(options.max_nodes) { builder = builder.maxNodes(value) }
        if options.set_event_id_max_value {
            builder = builder.eventIdMaxValue(Int(clamping: options.event_id_max_value))
        }
        switch try setting(options.deadline, "options.deadline", in: function) {
        case nil: break
        case false?: builder = builder.disableDeadline()
        case true?: builder = builder.deadline(duration(nanoseconds: options.deadline_ns))
        }
        let events: [(zc_setting, UInt64, String, (EventBuilder, EventId?) -> EventBuilder)] = [
            (options.notifier_created_event, options.notifier_created_event_id, "options.notifier_created_event",
             { $1.map($0.notifierCreatedEvent) ?? $0.disableNotifierCreatedEvent() }),
            (options.notifier_dropped_event, options.notifier_dropped_event_id, "options.notifier_dropped_event",
             { $1.map($0.notifierDroppedEvent) ?? $0.disableNotifierDroppedEvent() }),
            (options.notifier_dead_event, options.notifier_dead_event_id, "options.notifier_dead_event",
             { $1.map($0.notifierDeadEvent) ?? $0.disableNotifierDeadEvent() }),
        ]
        for (setting, value, argument, apply) in events {
            if let id = try eventSetting(setting, value, argument, in: function) { builder = apply(builder, id) }
        }
        let chosen = builder
        let service = try open(
            mode, in: function, open: chosen.open, create: chosen.create, openOrCreate: chosen.openOrCreate)
        out.pointee = try LiveHandles.publish(EventHandle(service: service), in: function)
    }
}

@c public func zc_event_drop(_ service: OpaquePointer?) -> zc_result {
    exported { () throws(Failure) in
        LiveHandles.retire(try LiveHandles.resolve(service, as: EventHandle.self, "service", in: "zc_event_drop"))
    }
}

@c public func zc_event_number_of_ports(
    _ service: OpaquePointer?, _ notifiers: UnsafeMutablePointer<UInt64>?, _ listeners: UnsafeMutablePointer<UInt64>?
) -> zc_result {
    exported { () throws(Failure) in
        let handle = try LiveHandles.resolve(service, as: EventHandle.self, "service", in: "zc_event_number_of_ports")
        notifiers?.pointee = UInt64(handle.service.numberOfNotifiers)
        listeners?.pointee = UInt64(handle.service.numberOfListeners)
    }
}

@c public func zc_notifier_create(
    _ service: OpaquePointer?, _ options: UnsafePointer<zc_notifier_options>?,
    _ out: UnsafeMutablePointer<OpaquePointer?>?
) -> zc_result {
    exported { () throws(Failure) in
        let function = "zc_notifier_create"
        let handle = try LiveHandles.resolve(service, as: EventHandle.self, "service", in: function)
        let out = try require(out, "out", in: function)
        let options = options?.pointee ?? zc_notifier_options()
        var builder = handle.service.notifierBuilder()
        if options.set_default_event_id {
            builder = builder.defaultEventId(try eventId(options.default_event_id, "default_event_id", in: function))
        }
        let notifier: Notifier
        do throws(PortCreateError) { notifier = try builder.create() } catch { throw Failure(error) }
        out.pointee = try LiveHandles.publish(NotifierHandle(notifier: notifier), in: function)
    }
}

@c public func zc_notifier_drop(_ notifier: OpaquePointer?) -> zc_result {
    exported { () throws(Failure) in
        LiveHandles.retire(try LiveHandles.resolve(notifier, as: NotifierHandle.self, "notifier", in: "zc_notifier_drop"))
    }
}

@c public func zc_notifier_id(_ notifier: OpaquePointer?, _ out: UnsafeMutablePointer<UInt64>?) -> zc_result {
    exported { () throws(Failure) in
        let handle = try LiveHandles.resolve(notifier, as: NotifierHandle.self, "notifier", in: "zc_notifier_id")
        try store(handle.notifier.id, out, "out", in: "zc_notifier_id")
    }
}

/// Notifies and reports the listeners reached, also when the deadline was missed (the notification went out).
private func notify(
    _ notifier: OpaquePointer?, _ listeners: UnsafeMutablePointer<UInt64>?, in function: String,
    _ body: (Notifier) throws(Failure) -> Int
) -> zc_result {
    exported { () throws(Failure) in
        let handle = try LiveHandles.resolve(notifier, as: NotifierHandle.self, "notifier", in: function)
        listeners?.pointee = UInt64(try body(handle.notifier))
    }
}

@c public func zc_notifier_notify(
    _ notifier: OpaquePointer?, _ eventId: UInt64, _ listeners: UnsafeMutablePointer<UInt64>?
) -> zc_result {
    let function = "zc_notifier_notify"
    return notify(notifier, listeners, in: function) { port throws(Failure) in
        let id = try ZeroCopyIPCC.eventId(eventId, "event_id", in: function)
        return try reached(listeners) { () throws(NotifierNotifyError) in try port.notify(eventId: id) }
    }
}

@c public func zc_notifier_notify_default(_ notifier: OpaquePointer?, _ listeners: UnsafeMutablePointer<UInt64>?)
    -> zc_result
{
    notify(notifier, listeners, in: "zc_notifier_notify_default") { port throws(Failure) in
        try reached(listeners) { () throws(NotifierNotifyError) in try port.notify() }
    }
}

/// Runs a notify; a missed deadline still stores the listeners reached before it fails.
private func reached(
    _ listeners: UnsafeMutablePointer<UInt64>?, _ body: () throws(NotifierNotifyError) -> Int
) throws(Failure) -> Int {
    do {
        return try body()
    } catch {
        if case .missedDeadline(_, _, _, let count) = error { listeners?.pointee = UInt64(count) }
        throw Failure(error)
    }
}

@c public func zc_listener_create(_ service: OpaquePointer?, _ out: UnsafeMutablePointer<OpaquePointer?>?) -> zc_result {
    exported { () throws(Failure) in
        let function = "zc_listener_create"
        let handle = try LiveHandles.resolve(service, as: EventHandle.self, "service", in: function)
        let out = try require(out, "out", in: function)
        let listener: Listener
        do throws(PortCreateError) {
            listener = try handle.service.listenerBuilder().create()
        } catch {
            throw Failure(error)
        }
        out.pointee = try LiveHandles.publish(ListenerHandle(listener: listener), in: function)
    }
}

@c public func zc_listener_drop(_ listener: OpaquePointer?) -> zc_result {
    exported { () throws(Failure) in
        LiveHandles.retire(try LiveHandles.resolve(listener, as: ListenerHandle.self, "listener", in: "zc_listener_drop"))
    }
}

@c public func zc_listener_id(_ listener: OpaquePointer?, _ out: UnsafeMutablePointer<UInt64>?) -> zc_result {
    exported { () throws(Failure) in
        let handle = try LiveHandles.resolve(listener, as: ListenerHandle.self, "listener", in: "zc_listener_id")
        try store(handle.listener.id, out, "out", in: "zc_listener_id")
    }
}

@c public func zc_listener_wait_one(
    _ listener: OpaquePointer?, _ timeoutNanoseconds: UInt64, _ received: UnsafeMutablePointer<Bool>?,
    _ eventId: UnsafeMutablePointer<UInt64>?
) -> zc_result {
    exported { () throws(Failure) in
        let function = "zc_listener_wait_one"
        let handle = try LiveHandles.resolve(listener, as: ListenerHandle.self, "listener", in: function)
        let received = try require(received, "received", in: function)
        let eventId = try require(eventId, "event_id", in: function)
        let id =
            timeoutNanoseconds == 0
            ? handle.listener.tryWaitOne() : handle.listener.timedWaitOne(duration(nanoseconds: timeoutNanoseconds))
        received.pointee = id != nil
        eventId.pointee = UInt64(id?.value ?? 0)
    }
}
