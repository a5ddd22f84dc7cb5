import ZeroCopyIPC

// The gateway's two discovery directions: announcing the services that have real ports here (scan), and
// mirroring those that other hosts announce (handle, probe, withdraw).

extension Gateway {
    /// Announces the carried services that gained a real server or publisher, and withdraws those that lost theirs.
    func scan() -> Int {
        // A real server or publisher that was killed stays in the service's port table until its dead node is
        // cleaned up; do that here now and then, so that its announcement is withdrawn soon.
        let now = ContinuousClock.now
        if lastCleanup.map({ now - $0 >= .milliseconds(500) }) ?? true {
            lastCleanup = now
            node.tryCleanupDeadNodes()
        }
        let gatewayNodes = Set(
            Node.list(config: config).filter { $0.name.hasPrefix(Self.nodeNamePrefix) }.map(\.id) + [node.id])
        var withServer: [String: ServiceSnapshot] = [:]
        var withPublisher: [String: ServiceSnapshot] = [:]
        for snapshot in Service.snapshots(config: config) where options.carries(snapshot.name) {
            switch snapshot.pattern {
            case .requestResponse where snapshot.secondPorts.contains { !gatewayNodes.contains($0.node) }:
                withServer[snapshot.name] = snapshot
            case .publishSubscribe where snapshot.firstPorts.contains { !gatewayNodes.contains($0.node) }:
                withPublisher[snapshot.name] = snapshot
            default: break
            }
        }
        var activity = 0
        for name in exportedRequestResponse.keys where withServer[name] == nil {
            unexport(name, .server)
            activity += 1
        }
        for name in exportedPublishSubscribe.keys where withPublisher[name] == nil {
            unexport(name, .publisher)
            activity += 1
        }
        for (name, snapshot) in withServer where exportedRequestResponse[name] == nil {
            guard let config = snapshot.requestResponse else { continue }
            do throws(GatewayError) {
                exportedRequestResponse[name] = try ExportedRequestResponse(
                    node: node, snapshot: snapshot, config: config, source: id)
                announce(config.staticConfigText, .server)
                activity += 1
            } catch {
                report(.problem("\(error)"))
            }
        }
        for (name, snapshot) in withPublisher where exportedPublishSubscribe[name] == nil {
            guard let config = snapshot.publishSubscribe else { continue }
            do throws(GatewayError) {
                let exported = try ExportedPublishSubscribe(node: node, snapshot: snapshot, config: config, source: id)
                exported.wake = watch { (waitSet) throws(WaitSetAttachmentError) in
                    try waitSet.attachNotification(exported.subscriber)
                }
                exportedPublishSubscribe[name] = exported
                announce(config.staticConfigText, .publisher)
                activity += 1
            } catch {
                report(.problem("\(error)"))
            }
        }
        return activity
    }

    func announce(_ staticConfigText: String, _ role: Announcement.Role) {
        let announcement = Announcement(
            gateway: id, host: options.hostName, role: role, staticConfigText: staticConfigText)
        do throws(GatewayTransportError) {
            try transport.announce(key: announcement.key, Array(announcement.text.utf8))
            report(.announced(service: announcement.serviceName, role: role))
        } catch {
            report(.problem("announcing '\(announcement.serviceName)': \(error)"))
        }
    }

    func unexport(_ name: String, _ role: Announcement.Role) {
        switch role {
        case .server: exportedRequestResponse.removeValue(forKey: name)?.close(send: send)
        case .publisher: exportedPublishSubscribe[name] = nil
        }
        do throws(GatewayTransportError) {
            try transport.withdraw(key: Announcement.key(gateway: id, role: role, service: name))
        } catch {
            report(.problem("withdrawing '\(name)': \(error)"))
        }
        report(.withdrawn(service: name, role: role))
    }

    func handle(_ event: GatewayTransportEvent) {
        switch event {
        case .announced(let key, let bytes):
            let announcement: Announcement
            do throws(AnnouncementError) {
                announcement = try Announcement(parsing: String(decoding: bytes, as: UTF8.self))
            } catch {
                report(.problem("an announcement under '\(key)' cannot be used: \(error)"))
                return
            }
            consider(announcement)
        case .withdrawn(let key, let reason):
            let why = reason == .withdrawn ? "its origin withdrew it" : "its origin's liveliness lease was lost"
            removeMirror(key: key, reason: why)
        case .frame(_, let bytes):
            do throws(GatewayFrameError) {
                dispatch(try GatewayFrame(decoding: bytes))
            } catch {
                report(.problem("a frame from another gateway cannot be used: \(error)"))
            }
        }
    }

    /// Decides about an announcement of another host: refuse it, or probe its origin before mirroring.
    func consider(_ announcement: Announcement) {
        let key = announcement.key
        let name = announcement.serviceName
        guard announcement.gateway != id, options.carries(name), probing[key] == nil,
            mirroredRequestResponse[key] == nil, mirroredPublishSubscribe[key] == nil, !refused.contains(key)
        else { return }
        let twin = Service.snapshots(config: config).first { $0.name == name && $0.pattern == announcement.pattern }
        let reasons = Compatibility.differences(announcement, localTwin: twin?.staticConfigText).map(\.description)
        guard reasons.isEmpty else {
            refused.insert(key)
            report(.refused(service: name, host: announcement.host, reasons: reasons))
            return
        }
        if announcement.role == .publisher { transport.receive(channel: Channels.samples(announcement.gateway, name)) }
        let probe = UInt64.random(in: 1...UInt64.max)
        probing[key] = (announcement, probe, .now)
        send(Channels.inbox(announcement.gateway), GatewayFrame(kind: .probe, source: id, service: name, correlation: probe))
    }

    /// Sends the probes that have not been answered again.
    func reprobe(now: ContinuousClock.Instant) -> Int {
        var sent = 0
        for (key, entry) in probing where now - entry.sent >= options.probeInterval {
            probing[key]?.sent = now
            send(
                Channels.inbox(entry.announcement.gateway),
                GatewayFrame(kind: .probe, source: id, service: entry.announcement.serviceName, correlation: entry.probe))
            sent += 1
        }
        return sent
    }

    /// Routes a frame to the part of the gateway it belongs to.
    func dispatch(_ frame: GatewayFrame) {
        switch frame.kind {
        case .probe:
            // Answer, then (for a publisher) the history, so that the mirror exists when the history arrives.
            send(Channels.inbox(frame.source), GatewayFrame(kind: .probeReply, source: id, service: frame.service, correlation: frame.correlation))
            exportedPublishSubscribe[frame.service]?.sendHistory(to: frame.source, send: send)
        case .probeReply:
            guard let (key, entry) = probing.first(where: { $0.value.probe == frame.correlation }) else { return }
            probing[key] = nil
            mirror(entry.announcement)
        case .request, .cancel:
            exportedRequestResponse[frame.service]?.handle(frame, send: send, report: report, watch: watch)
        case .response, .end:
            let key = Announcement.key(gateway: frame.source, role: .server, service: frame.service)
            mirroredRequestResponse[key]?.mirror.handle(frame, report: report)
        case .sample:
            let key = Announcement.key(gateway: frame.source, role: .publisher, service: frame.service)
            mirroredPublishSubscribe[key]?.mirror.handle(frame, report: report)
        }
    }

    func mirror(_ announcement: Announcement) {
        let key = announcement.key
        do throws(GatewayError) {
            switch announcement.role {
            case .server:
                guard let config = announcement.requestResponse else { return }
                let mirror = try MirroredRequestResponse(node: node, config: config, origin: announcement.gateway, source: id)
                mirror.wake = watch { (waitSet) throws(WaitSetAttachmentError) in
                    try waitSet.attachNotification(mirror.server)
                }
                mirroredRequestResponse[key] = (announcement, mirror)
            case .publisher:
                guard let config = announcement.publishSubscribe else { return }
                let mirror = try MirroredPublishSubscribe(node: node, config: config, origin: announcement.gateway)
                mirroredPublishSubscribe[key] = (announcement, mirror)
            }
            report(.mirrored(service: announcement.serviceName, role: announcement.role, host: announcement.host))
        } catch {
            report(.problem("\(error)"))
        }
    }

    func removeMirror(key: String, reason: String) {
        refused.remove(key)
        if let entry = probing.removeValue(forKey: key), entry.announcement.role == .publisher {
            transport.stopReceiving(channel: Channels.samples(entry.announcement.gateway, entry.announcement.serviceName))
        }
        if let entry = mirroredRequestResponse.removeValue(forKey: key) {
            report(.mirrorRemoved(service: entry.announcement.serviceName, host: entry.announcement.host, reason: reason))
        }
        if let entry = mirroredPublishSubscribe.removeValue(forKey: key) {
            transport.stopReceiving(channel: Channels.samples(entry.announcement.gateway, entry.announcement.serviceName))
            report(.mirrorRemoved(service: entry.announcement.serviceName, host: entry.announcement.host, reason: reason))
        }
    }
}
