import Glibc
import SystemPackage

// One choke point that turns a C return value of -1 plus errno into a typed `Errno`, deciding EINTR in one place
// (swift-system's `valueOrErrno(retryOnInterrupt:)`).
@inline(__always)
package func valueOrErrno<I: FixedWidthInteger>(
    retryOnInterrupt: Bool = true, _ body: () -> I
) -> Result<I, Errno> {
    while true {
        let value = body()
        if value != -1 { return .success(value) }
        let error = Errno(rawValue: errno)
        if retryOnInterrupt && error == .interrupted { continue }
        return .failure(error)
    }
}
