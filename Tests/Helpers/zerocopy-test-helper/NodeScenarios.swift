import Glibc
import ZeroCopyIPC

/// `create-node --root <path> --umask <octal> [--shared true]`: creates a node under `root` with that umask (the
/// umask is per process, so a test sets it here rather than in the parallel test process) and prints the root
/// folder's mode as `MODE <octal>`.
func runCreateNode(_ options: Options) {
    guard let mask = mode_t(options.string("umask", "022"), radix: 8) else { fail("--umask takes an octal mode") }
    umask(mask)
    var config = options.config
    config.sharedBetweenUsers = options.string("shared") == "true"
    do {
        let node = try NodeBuilder().name("root-mode").config(config).signalHandling(.disabled).create()
        withExtendedLifetime(node) {}
    } catch {
        fail("node: \(error)")
    }
    var info = stat()
    guard stat(config.rootPath, &info) == 0 else { fail("stat \(config.rootPath): errno \(errno)") }
    say("MODE \(String(info.st_mode & 0o7777, radix: 8))")
}


/// A node with a server that lists the nodes of its root (reading every node's monitor file, its own too), says
/// READY and holds until killed: its node must stay alive for every other process meanwhile.
func runListNodesAndHold(_ options: Options) {
    let node = makeNode(options, "list-nodes-and-hold")
    let service = openPingService(node, options)
    let server: Server<Ping, Pong>
    do { server = try service.serverBuilder().create() } catch { fail("server: \(error)") }
    let listed = Node.list(config: options.config)
    guard listed.contains(where: { $0.name == "list-nodes-and-hold" && $0.state == .alive }) else {
        fail("its own node is not listed alive: \(listed)")
    }
    say("READY \(server.id)")
    sleep(120)
    _ = server.hasRequests  // keeps the server until the end
    fail("was not killed")
}
