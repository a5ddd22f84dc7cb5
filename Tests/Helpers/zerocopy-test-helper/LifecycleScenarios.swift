import Glibc
import ZeroCopyIPC

/// Creates (or opens) the ping service, says `READY`, and holds it until it is killed.
func runHoldService(_ options: Options) {
    let node = makeNode(options, "hold-service")
    let service = openPingService(node, options)
    say("READY")
    sleep(120)
    _ = consume service
    fail("was not killed")
}

/// Opens the ping service twice from one node and says how many nodes the service counts.
func runOpenTwice(_ options: Options) {
    let node = makeNode(options, "open-twice")
    let first = openPingService(node, options)
    let second = openPingService(node, options)
    say("NODES \(second.numberOfNodes)")
    _ = first
}

/// Opens the ping service requiring `--alignment` for its requests; says `OPENED <service's alignment>` or
/// `REFUSED <error>`.
func runOpenAligned(_ options: Options) {
    let node = makeNode(options, "open-aligned")
    do {
        let service = try node.serviceBuilder(ServiceName(options.service)).requestResponse(Ping.self, Pong.self)
            .requestPayloadAlignment(options.int("alignment", 8)).open()
        say("OPENED \(service.staticConfig.request.alignment)")
    } catch {
        say("REFUSED \(error)")
    }
}
