#if canImport(Glibc)
import Glibc
#endif

/// A POSIX shared-memory object mapped read-write, for the Swift floor (no ZeroCopyIPC involved).
///
/// The creator unlinks the name as soon as the peer has mapped it (`unlink()`), so that nothing is left in
/// /dev/shm even if a process dies later; `deinit` unlinks too if that never happened.
public struct SharedRegion: ~Copyable {
    public let base: UnsafeMutableRawPointer
    public let size: Int
    public let name: String
    private var owner: Bool

    /// Creates `/dev/shm/<name>` (`name` starts with "/"), zero-filled, and maps it.
    public static func create(name: String, size: Int) throws(BenchError) -> SharedRegion {
        let fd = shm_open(name, O_CREAT | O_EXCL | O_RDWR, 0o600)
        guard fd >= 0 else { throw BenchError("shm_open(\(name)) failed: errno \(errno)") }
        defer { close(fd) }
        guard ftruncate(fd, off_t(size)) == 0 else {
            let error = errno
            shm_unlink(name)
            throw BenchError("ftruncate(\(name)) failed: errno \(error)")
        }
        return try SharedRegion(fd: fd, name: name, size: size, owner: true)
    }

    /// Opens and maps an existing object.
    public static func open(name: String, size: Int) throws(BenchError) -> SharedRegion {
        let fd = shm_open(name, O_RDWR, 0)
        guard fd >= 0 else { throw BenchError("shm_open(\(name)) failed: errno \(errno)") }
        defer { close(fd) }
        return try SharedRegion(fd: fd, name: name, size: size, owner: false)
    }

    private init(fd: Int32, name: String, size: Int, owner: Bool) throws(BenchError) {
        guard let pointer = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0), pointer != MAP_FAILED else {
            if owner { shm_unlink(name) }
            throw BenchError("mmap(\(name)) failed: errno \(errno)")
        }
        base = pointer
        self.size = size
        self.name = name
        self.owner = owner
    }

    /// Removes the name from /dev/shm (the mapping stays valid).
    public mutating func unlink() {
        if owner {
            shm_unlink(name)
            owner = false
        }
    }

    deinit {
        munmap(base, size)
        if owner { shm_unlink(name) }
    }
}
