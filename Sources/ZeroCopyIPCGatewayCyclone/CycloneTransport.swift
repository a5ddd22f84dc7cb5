import CCycloneDDS
import CCycloneDDSShim
import Synchronization
import ZeroCopyIPCGateway

/// The ``GatewayTransport`` over Eclipse Cyclone DDS: two topics of one generic frame type (a key string and a
/// byte sequence, `GatewayFrame.idl`), so that any payload travels as bytes.
///
/// - `zcipc_gateway_announcements`: reliable, transient-local, keep last 1 per key: a gateway that joins later
///   receives every current announcement; withdrawing disposes the key; when a gateway's liveliness lease runs out
///   its keys lose their writer and the others see them withdrawn with `livelinessLost`.
/// - `zcipc_gateway_frames`: reliable, volatile, keep all; the key is the channel, and a reader keeps only the
///   channels it receives.
///
/// Readers ignore their own participant's samples, so a gateway never hears its own frames.
public final class CycloneTransport: GatewayTransport {
    let participant: dds_entity_t
    let announcementWriter: dds_entity_t
    let announcementReader: dds_entity_t
    let frameWriter: dds_entity_t
    let frameReader: dds_entity_t
    let waitset: dds_entity_t
    var channels: Set<String> = []
    /// What Cyclone's receive thread calls when data arrives; replaced by ``setArrivalHandler(_:)``.
    let arrival = ArrivalHandler()
    /// The loaned samples of one take, reused so that taking allocates nothing per poll.
    var samples = [zgw_sample](repeating: zgw_sample(), count: CycloneTransport.batch)
    var loans = [UnsafeMutableRawPointer?](repeating: nil, count: CycloneTransport.batch)
    static let batch = 16

    /// Joins the DDS domain with `settings`.
    /// - Throws: ``GatewayTransportError`` naming the DDS call that failed.
    public init(settings: CycloneSettings) throws(GatewayTransportError) {
        let created = zgw_create_participant(settings.domain, settings.configXML)
        guard created > 0 else {
            throw GatewayTransportError(
                "joining DDS domain \(settings.domain) failed (\(Self.text(created))); check the interface "
                    + "'\(settings.interface ?? "default")' and the peers \(settings.peers)")
        }
        participant = created
        func check(_ entity: dds_entity_t, _ what: String) throws(GatewayTransportError) -> dds_entity_t {
            guard entity > 0 else {
                dds_delete(created)
                throw GatewayTransportError("creating the \(what) failed: \(Self.text(entity))")
            }
            return entity
        }
        let lease = settings.leaseNanoseconds
        let partition = settings.partition
        let announcements = try check(zgw_create_topic(created, "zcipc_gateway_announcements"), "announcement topic")
        let frames = try check(zgw_create_topic(created, "zcipc_gateway_frames"), "frame topic")
        announcementWriter = try check(
            zgw_create_writer(created, announcements, true, partition, lease), "announcement writer")
        announcementReader = try check(
            zgw_create_reader(created, announcements, true, partition, lease), "announcement reader")
        frameWriter = try check(zgw_create_writer(created, frames, false, partition, lease), "frame writer")
        frameReader = try check(zgw_create_reader(created, frames, false, partition, lease), "frame reader")
        let readers = [announcementReader, frameReader]
        waitset = try check(zgw_create_waitset(created, readers, Int32(readers.count)), "waitset")
        let context = Unmanaged.passUnretained(arrival).toOpaque()
        for reader in readers {
            let rc = zgw_set_arrival_callback(reader, { context in
                guard let context else { return }
                Unmanaged<ArrivalHandler>.fromOpaque(context).takeUnretainedValue().call()
            }, context)
            guard rc >= 0 else {
                dds_delete(created)
                throw GatewayTransportError("setting the arrival listener failed: \(Self.text(rc))")
            }
        }
    }

    public func setArrivalHandler(_ handler: @escaping @Sendable () -> Void) { arrival.set(handler) }

    deinit { dds_delete(participant) }

    static func text(_ code: dds_return_t) -> String { String(cString: dds_strretcode(code)) }

    public func announce(key: String, _ announcement: [UInt8]) throws(GatewayTransportError) {
        let rc = announcement.withUnsafeBufferPointer { zgw_write(announcementWriter, key, $0.baseAddress, UInt32($0.count)) }
        guard rc >= 0 else { throw GatewayTransportError("announcing '\(key)' failed: \(Self.text(rc))") }
    }

    public func withdraw(key: String) throws(GatewayTransportError) {
        let rc = zgw_withdraw(announcementWriter, key)
        guard rc >= 0 else { throw GatewayTransportError("withdrawing '\(key)' failed: \(Self.text(rc))") }
    }

    public func publish(channel: String, _ frame: [UInt8]) throws(GatewayTransportError) {
        let rc = frame.withUnsafeBufferPointer { zgw_write(frameWriter, channel, $0.baseAddress, UInt32($0.count)) }
        guard rc >= 0 else { throw GatewayTransportError("sending on '\(channel)' failed: \(Self.text(rc))") }
    }

    public func receive(channel: String) { channels.insert(channel) }

    public func stopReceiving(channel: String) { channels.remove(channel) }

    @discardableResult
    public func poll(timeout: Duration, _ handle: (GatewayTransportEvent) -> Void) -> Int {
        var count = take(handle)
        if count == 0 && timeout > .zero {
            let nanoseconds = timeout.components.seconds * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000
            _ = dds_waitset_wait(waitset, nil, 0, nanoseconds)
            count = take(handle)
        }
        return count
    }

    private func take(_ handle: (GatewayTransportEvent) -> Void) -> Int {
        var count = 0
        count += drain(announcementReader) { sample in
            let key = String(cString: sample.channel)
            // A withdrawal arrives as the disposed instance (with or without data: `writedispose` carries the key);
            // a lost lease as the instance without writers.
            if sample.instance_state != 0 {
                handle(.withdrawn(key: key, reason: sample.instance_state == 1 ? .withdrawn : .livelinessLost))
            } else if sample.valid != 0 {
                handle(.announced(key: key, bytes: Self.bytes(sample)))
            }
        }
        count += drain(frameReader) { sample in
            guard sample.valid != 0 else { return }
            let channel = String(cString: sample.channel)
            guard channels.contains(channel) else { return }
            handle(.frame(channel: channel, bytes: Self.bytes(sample)))
        }
        return count
    }

    private static func bytes(_ sample: zgw_sample) -> [UInt8] {
        guard let data = sample.data, sample.length > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: Int(sample.length)))
    }

    /// Takes everything `reader` holds, in batches of ``batch`` loaned samples.
    private func drain(_ reader: dds_entity_t, _ each: (zgw_sample) -> Void) -> Int {
        var total = 0
        while true {
            let n = Int(zgw_take(reader, &samples, &loans, Int32(Self.batch)))
            guard n > 0 else { break }
            for index in 0..<n { each(samples[index]) }
            zgw_return_loan(reader, &loans, Int32(n))
            total += n
            if n < Self.batch { break }
        }
        return total
    }
}

/// The handler Cyclone's receive thread calls; the participant (and so every listener) is deleted before it goes.
///
/// The closure sits in a box: a `Mutex` of a function type hands it to `withLock` as an `inout` generic value, and
/// every access wrapped it in two more reabstraction thunks when writing it back, so that each arrival cost more
/// than the one before (about 200 µs of CPU per round trip after a few thousand).
final class ArrivalHandler: Sendable {
    final class Box: Sendable {
        let call: @Sendable () -> Void
        init(_ call: @escaping @Sendable () -> Void) { self.call = call }
    }

    let handler = Mutex<Box>(Box {})
    func set(_ new: @escaping @Sendable () -> Void) {
        let box = Box(new)
        handler.withLock { $0 = box }
    }
    func call() { handler.withLock { $0 }.call() }
}
