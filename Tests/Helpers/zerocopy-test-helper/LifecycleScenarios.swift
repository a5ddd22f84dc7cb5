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
