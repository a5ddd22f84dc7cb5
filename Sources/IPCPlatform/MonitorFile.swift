import Glibc
import SystemPackage

/// A file whose fcntl write lock says "the process that created it is alive".
///
/// The kernel drops the lock when the process dies, however it dies, so another process can tell a live node from
/// a dead one without any cooperation. The corresponding C call is `fcntl(F_OFD_SETLK / F_OFD_GETLK)`.
///
/// Open-file-description locks, not the classic process-owned ones: a process drops every classic lock it holds
/// on a file as soon as it closes *any* descriptor of that file, so a process that only read its own node's file
/// (listing nodes, say) would have looked dead to every other process, which then removed its live resources.
/// An OFD lock belongs to the descriptor that took it and also conflicts with other descriptors of the same
/// process, so the owner's own checks see it too.
package final class MonitorFile: @unchecked Sendable {
    /// `F_OFD_GETLK` and `F_OFD_SETLK` (Linux 3.15; the same numbers on every architecture), which Glibc declares
    /// only for `_GNU_SOURCE`.
    static let getLock: CInt = 36
    static let setLock: CInt = 37

    /// The file's path.
    package let path: String
    private let fd: CInt

    private init(path: String, fd: CInt) {
        self.path = path
        self.fd = fd
    }

    deinit {
        Glibc.unlink(path)
        close(fd)
    }

    /// Creates the file exclusively, writes `contents` and takes its write lock for the life of this object.
    /// - Parameters:
    ///   - path: The file's path.
    ///   - contents: Text stored in the file (the node's name and details).
    ///   - permissions: The file mode.
    /// - Returns: The locked file.
    /// - Throws: The errno of the failing call.
    ///
    /// The file is created as `<path>.creating`, locked and written, and only then renamed to `path`: a file under
    /// its final name is always locked while its owner lives, so no other process can mistake it for a dead node's.
    package static func create(
        path: String, contents: String, permissions: FilePermissions = [.ownerRead, .ownerWrite]
    ) throws(Errno) -> MonitorFile {
        let temporary = path + creatingSuffix
        let fd = try valueOrErrno { open(temporary, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, permissions.rawValue) }
            .get()
        _ = fchmod(fd, permissions.rawValue)
        var lock = flock()
        lock.l_type = Int16(F_WRLCK)
        lock.l_whence = Int16(SEEK_SET)
        var bytes = Array(contents.utf8)
        guard fcntl(fd, Self.setLock, &lock) == 0, write(fd, &bytes, bytes.count) == bytes.count,
            rename(temporary, path) == 0
        else {
            // A cleaner that took the unlocked temporary file for a dead node's (ENOENT, EAGAIN or EACCES from the
            // lock) makes the caller retry under a new name.
            let code = errno
            let error = code == EAGAIN || code == EACCES ? Errno.resourceTemporarilyUnavailable : Errno(rawValue: code)
            close(fd)
            Glibc.unlink(temporary)
            throw error
        }
        return MonitorFile(path: path, fd: fd)
    }

    /// The suffix of a monitor file that is still being set up.
    package static let creatingSuffix = ".creating"

    /// The liveness of a monitor file's owner.
    package enum State { case alive, dead, missing }

    /// Tells whether the process that created the file at `path` still holds its lock.
    /// - Parameter path: The file's path.
    /// - Returns: `.alive`, `.dead` (file present, lock gone) or `.missing`.
    package static func state(path: String) -> State {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return .missing }
        defer { close(fd) }
        var lock = flock()
        lock.l_type = Int16(F_WRLCK)
        lock.l_whence = Int16(SEEK_SET)
        guard fcntl(fd, Self.getLock, &lock) == 0 else { return .alive }
        return lock.l_type == Int16(F_UNLCK) ? .dead : .alive
    }

    /// The seconds since the file at `path` was last modified, or `nil` if it cannot be read.
    /// - Parameter path: The file's path.
    /// - Returns: The age in seconds.
    package static func age(path: String) -> Double? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Double(now.tv_sec - info.st_mtim.tv_sec) + Double(now.tv_nsec - info.st_mtim.tv_nsec) / 1e9
    }

    /// Reads the text stored in a monitor file.
    /// - Parameter path: The file's path.
    /// - Returns: The contents, or `nil` if the file cannot be read.
    package static func contents(path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = read(fd, &buffer, buffer.count)
        guard count >= 0 else { return nil }
        return String(decoding: buffer[0..<count], as: UTF8.self)
    }

    /// Takes the write lock on a dead node's file so that only one process cleans up after it.
    /// - Parameter path: The file's path.
    /// - Returns: A claim that releases the lock and removes the file when ``CleanupClaim/finish()`` is called,
    ///   or `nil` when the owner is alive or another process is cleaning up.
    package static func claimDead(path: String) -> CleanupClaim? {
        let fd = open(path, O_RDWR | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        var lock = flock()
        lock.l_type = Int16(F_WRLCK)
        lock.l_whence = Int16(SEEK_SET)
        guard fcntl(fd, Self.setLock, &lock) == 0 else {
            close(fd)
            return nil
        }
        return CleanupClaim(path: path, fd: fd)
    }

    /// The exclusive right to clean up after a dead node.
    package struct CleanupClaim: ~Copyable {
        let path: String
        let fd: CInt

        /// Removes the dead node's file and releases the lock.
        package consuming func finish() {
            // Unlink while still holding the lock, so no other cleaner can claim the file in between;
            // `deinit` then closes the descriptor, which drops the lock.
            Glibc.unlink(path)
        }

        deinit { close(fd) }
    }
}
