import Definitions
import Glibc
import ZeroCopyIPC

// Two versions of one type (Definitions/Inspect.ipcdef: `ReadingV1`, `ReadingV2`, both `inspect.Reading`), as
// processes built from an older and a newer definition have them: opening across versions must name the field.

/// Creates a publish-subscribe service of `--version` 1 or 2 of the reading, says `READY` and stays until killed.
func runEvolutionHold(_ options: Options) {
    let node = makeNode(options, "evolution-hold")
    do {
        let builder = try node.serviceBuilder(ServiceName(options.service))
        if options.int("version", 1) == 1 {
            let service = try builder.publishSubscribe(Inspect_ReadingV1.self).create()
            say("READY")
            sleep(120)
            _ = consume service
        } else {
            let service = try builder.publishSubscribe(Inspect_ReadingV2.self).create()
            say("READY")
            sleep(120)
            _ = consume service
        }
    } catch {
        fail("create: \(error)")
    }
    fail("was not killed")
}

/// Opens the service with `--version` 1 or 2 of the reading: says `OPENED`, or `INCOMPATIBLE <error>`.
func runEvolutionOpen(_ options: Options) {
    let node = makeNode(options, "evolution-open")
    let name: ServiceName
    do { name = try ServiceName(options.service) } catch { fail("\(error)") }
    waitFor("the service") { Service.doesExist(name: name, pattern: .publishSubscribe, config: options.config) }
    do {
        let builder = node.serviceBuilder(name)
        if options.int("version", 1) == 1 {
            _ = try builder.publishSubscribe(Inspect_ReadingV1.self).open()
        } else {
            _ = try builder.publishSubscribe(Inspect_ReadingV2.self).open()
        }
        say("OPENED")
    } catch {
        guard case .incompatibleTypes = error else { fail("wrong error: \(error)") }
        say("INCOMPATIBLE \(error)")
    }
}
