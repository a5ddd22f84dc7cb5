import Glibc
import SystemPackage

/// A POSIX shared-memory object mapped into this process.
///
/// The mapping is released when the last reference goes away; the object's name stays until ``unlink(name:)``.
/// The corresponding C functions are `shm_open`, `ftruncate`, `mmap`, `munmap` and `shm_unlink`.
@usableFromInline
package final class SharedMemoryMapping: @unchecked Sendable {
    /// The object's name without the leading slash.
    package let name: String
    /// The first byte of the mapping.
    package let base: UnsafeMutableRawPointer
    /// The number of mapped bytes.
    package let size: Int

    private init(name: String, base: UnsafeMutableRawPointer, size: Int) {
        self.name = name
        self.base = base
        self.size = size
    }

    deinit { munmap(base, size) }

    /// Creates a new object exclusively (`O_EXCL`), sizes it and maps it read-write. New pages read as zero.
    /// - Parameters:
    ///   - name: The name without slash (at most 255 bytes).
    ///   - size: The size in bytes.
    ///   - permissions: The file mode, owner-only by default.
    /// - Returns: The mapping.
    /// - Throws: `Errno.fileExists` when the name is taken, or the errno of the failing call.
    package static func create(
        name: String, size: Int, permissions: FilePermissions = [.ownerRead, .ownerWrite]
    ) throws(Errno) -> SharedMemoryMapping {
        let fd = try valueOrErrno { shm_open("/" + name, O_RDWR | O_CREAT | O_EXCL, permissions.rawValue) }.get()
        defer { close(fd) }
        // shm_open applies the umask; fchmod makes the mode exactly what was asked for.
        _ = fchmod(fd, permissions.rawValue)
        do {
            _ = try valueOrErrno { ftruncate(fd, off_t(size)) }.get()
            return try map(fd: fd, name: name, size: size)
        } catch {
            shm_unlink("/" + name)
            throw error
        }
    }

    /// Opens an existing object and maps all of it read-write.
    /// - Parameter name: The name without slash.
    /// - Returns: The mapping.
    /// - Throws: `Errno.noSuchFileOrDirectory`, `Errno.permissionDenied`, or the errno of the failing call.
    package static func open(name: String) throws(Errno) -> SharedMemoryMapping {
        let fd = try valueOrErrno { shm_open("/" + name, O_RDWR, 0) }.get()
        defer { close(fd) }
        var info = stat()
        _ = try valueOrErrno { fstat(fd, &info) }.get()
        guard info.st_size > 0 else { throw Errno.invalidArgument }
        return try map(fd: fd, name: name, size: Int(info.st_size))
    }

    private static func map(fd: CInt, name: String, size: Int) throws(Errno) -> SharedMemoryMapping {
        guard let raw = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0), raw != MAP_FAILED else {
            throw Errno(rawValue: errno)
        }
        return SharedMemoryMapping(name: name, base: raw, size: size)
    }

    /// Removes an object's name; existing mappings stay valid.
    /// - Parameter name: The name without slash.
    /// - Returns: Whether a name was removed.
    @discardableResult
    package static func unlink(name: String) -> Bool { shm_unlink("/" + name) == 0 }

    /// The names of all objects in `/dev/shm` that start with `prefix`.
    /// - Parameter prefix: The prefix to match.
    /// - Returns: The matching names.
    package static func list(prefix: String) -> [String] {
        listDirectory("/dev/shm").filter { $0.hasPrefix(prefix) }
    }
}

/// The names in a directory, without `.` and `..`; empty if it cannot be read.
/// - Parameter path: The directory.
/// - Returns: The entry names.
package func listDirectory(_ path: String) -> [String] {
    guard let dir = opendir(path) else { return [] }
    defer { closedir(dir) }
    var names: [String] = []
    while let entry = readdir(dir) {
        let name = withUnsafePointer(to: entry.pointee.d_name) {
            $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
        }
        if name != "." && name != ".." { names.append(name) }
    }
    return names
}
