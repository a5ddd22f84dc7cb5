// The publish_subscribe_with_user_header example, both roles in one executable:
//
//     swift run publish_subscribe_with_user_header subscriber
//     swift run publish_subscribe_with_user_header publisher
//
// Every sample carries a `CustomHeader` (a version and a timestamp) in front of its `UInt64` payload. The publisher
// writes the header in place before it sends; the subscriber reads it with the payload. Ctrl-C ends either cleanly.
import Glibc
import ZeroCopyIPC

/// The user header of every sample: hand-written, so its layout is Swift's (`version` at 0, `timestamp` at 8).
/// Part of the service's type: a process that opens the service without it, or with another one, is refused.
struct CustomHeader: ZeroCopySend {
    static var typeName: String { "examples.CustomHeader" }
    var version: Int32
    var timestamp: UInt64
}

/// Prints a line at once, also when the output goes to a pipe.
func say(_ line: String) {
    print(line)
    fflush(nil)
}

func openService(_ node: Node) throws -> PublishSubscribeService<UInt64> {
    try node.serviceBuilder(ServiceName("ServiceWithUserHeader"))
        .publishSubscribe(UInt64.self)
        // Stored in front of the payload of every sample.
        .userHeader(CustomHeader.self)
        .openOrCreate()
}

// Inside functions rather than at top level: top-level values are globals that are never deinitialised, and the
// node, service and ports give their shared memory back when they are.
func publish() throws {
    let node = try NodeBuilder().name("publish_subscribe_with_user_header_publisher").create()
    let publisher = try openService(node).publisherBuilder().create()

    var counter: UInt64 = 0
    while (try? node.wait(.seconds(1))) != nil {
        counter += 1
        let sample = try publisher.loanUninit()
        // The header lives in shared memory too; it is zeroed at loan and written in place.
        sample.withUserHeader(as: CustomHeader.self) { $0 = CustomHeader(version: 123, timestamp: 80337 + counter) }
        sample.write(counter).send()
        say("send sample \(counter) ...")
    }
    say("exit")
}

func subscribe() throws {
    let node = try NodeBuilder().name("publish_subscribe_with_user_header_subscriber").create()
    let subscriber = try openService(node).subscriberBuilder().create()
    say("Subscriber ready to receive data!")

    while (try? node.wait(.seconds(1))) != nil {
        while let sample = try subscriber.receive() {
            guard let header = sample.userHeader(as: CustomHeader.self) else { continue }
            say("received: \(sample.payload), user header: version \(header.version), timestamp \(header.timestamp)")
        }
    }
    say("exit")
}

do {
    switch CommandLine.arguments.dropFirst().first {
    case "publisher": try publish()
    case "subscriber": try subscribe()
    default:
        say("usage: publish_subscribe_with_user_header publisher|subscriber")
        exit(2)
    }
} catch {
    say("error: \(error)")
    exit(1)
}
