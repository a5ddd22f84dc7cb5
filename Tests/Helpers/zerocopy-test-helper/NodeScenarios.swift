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
