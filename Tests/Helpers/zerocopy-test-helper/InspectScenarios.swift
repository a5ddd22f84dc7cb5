import Definitions
import Glibc
import ZeroCopyIPC

// A process for the `zcipc` tests to look at: the services of Definitions/Inspect.ipcdef with ports of every kind.

/// Creates `inspect/telemetry` (publish-subscribe, 3 publishers at most, attribute `unit=metre`) with a publisher
/// and a subscriber, and `inspect/echo` (request-response) with a client and a server; says
/// `READY <node id> <pid>` and stays until killed.
func runInspectHold(_ options: Options) {
    let node = makeNode(options, "inspect-holder")
    do {
        let stream = try node.serviceBuilder(ServiceName(Inspect_TelemetryStream.name))
            .publishSubscribe(Inspect_Telemetry.self).userHeader(Inspect_Rights.self).maxPublishers(3)
            .createWithAttributes(AttributeSpecifier().define(key: "unit", value: "metre"))
        let publisher = try stream.publisherBuilder().create()
        let subscriber = try stream.subscriberBuilder().create()
        let echo = try node.serviceBuilder(ServiceName(Inspect_TelemetryEcho.name))
            .requestResponse(Inspect_Telemetry.self, Inspect_Telemetry.self).create()
        let server = try echo.serverBuilder().create()
        let client = try echo.clientBuilder().create()
        say("READY \(hex(node.id)) \(getpid())")
        sleep(120)
        withExtendedLifetime((publisher, subscriber, server, client)) {}
        _ = consume stream
        _ = consume echo
    } catch {
        fail("inspect services: \(error)")
    }
    fail("was not killed")
}

func hex(_ value: UInt64) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: 16 - digits.count) + digits
}
