// The process the runtime tests spawn: one scenario per invocation, `zerocopy-test-helper <scenario> --key value…`.
// It prints result lines (`KEY value`) that the test checks, `FAIL reason` and exit status 1 on failure.
import Glibc

let arguments = CommandLine.arguments
// A watchdog: no scenario runs for more than a few minutes, so a helper that waits for a peer that stopped (a test
// that failed, a `.block` publisher whose subscriber went away unnoticed) ends by SIGALRM instead of hanging the
// suite. The stress run (ZEROCOPYIPC_STRESS=1) takes seconds.
alarm(240)
guard arguments.count >= 2 else { fail("usage: zerocopy-test-helper <scenario> [--key value]…") }
let options = Options(arguments.dropFirst(2))

switch arguments[1] {
case "server": runServer(options)
case "client": runClient(options)
case "hold-server": runHoldServer(options)
case "crash-client": runCrashClient(options)
case "hold-client": runHoldClient(options)
case "delivery-client": runDeliveryClient(options)
case "late-drain-server": runLateDrainServer(options)
case "answer-and-leave-server": runAnswerAndLeaveServer(options)
case "keep-response-client": runKeepResponseClient(options)
case "cancel-then-send-client": runCancelThenSendClient(options)
case "retire-on-disconnect": runRetireOnDisconnect(options)
case "overflow-client": runOverflowClient(options)
case "disconnect-server": runDisconnectServer(options)
case "disconnect-client": runDisconnectClient(options)
case "open-mismatch": runOpenMismatch(options)
case "race": runRace(options)
case "slice-server": runSliceServer(options)
case "slice-client": runSliceClient(options)
case "alloc-client": runAllocationClient(options)
case "latency-client": runLatencyClient(options)
case "local-roundtrip": runLocalRoundTrip(options)
case "generated-server": runGeneratedServer(options)
case "generated-client": runGeneratedClient(options)
case "handover-server": runHandoverServer(options)
case "handover-client": runHandoverClient(options)
case "hold-service": runHoldService(options)
case "open-twice": runOpenTwice(options)
case "open-aligned": runOpenAligned(options)
case "create-node": runCreateNode(options)
case "ps-stream-publisher": runPublishSubscribeStreamPublisher(options)
case "ps-stream-subscriber": runPublishSubscribeStreamSubscriber(options)
case "ps-slice-publisher": runPublishSubscribeSlicePublisher(options)
case "ps-hold-publisher": runPublishSubscribeHoldPublisher(options)
case "ps-hold-subscriber": runPublishSubscribeHoldSubscriber(options)
case "union-server": runUnionServer(options)
case "union-client": runUnionClient(options)
case "event-notifier": runEventNotifier(options)
case "event-listener": runEventListener(options)
case "evolution-hold": runEvolutionHold(options)
case "evolution-open": runEvolutionOpen(options)
case "inspect-hold": runInspectHold(options)
case "waitset-loop": runWaitSetLoop(options)
case "list-nodes-and-hold": runListNodesAndHold(options)
default: fail("unknown scenario \(arguments[1])")
}
exit(0)
