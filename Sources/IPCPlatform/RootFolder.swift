import Glibc
import SystemPackage

/// The folder that holds the nodes' monitor files (the config's root path).
///
/// The corresponding C functions are `mkdir`, `open(O_DIRECTORY | O_NOFOLLOW)`, `fstat` and `fchmod`.
package enum RootFolder {
    /// `0700`: only the owner may list, create or remove files in the folder.
    package static let ownerOnly: FilePermissions = [.ownerReadWriteExecute]

    /// `1777`: every user may create files, and only a file's owner may remove or rename it (the sticky bit), as in
    /// `/tmp`.
    package static let sharedBetweenUsers: FilePermissions = [
        .ownerReadWriteExecute, .groupReadWriteExecute, .otherReadWriteExecute, .saveText,
    ]

    /// Creates the folder at `path` with exactly `permissions` when it does not exist yet; an existing folder is left
    /// as it is, so a configured `/tmp` or a folder an administrator prepared keeps its mode.
    ///
    /// `mkdir` applies the process's umask, which can only take bits away from `0700`, so the new folder is never
    /// more open than owner-only; `fchmod` on the folder just created then sets the mode asked for, whatever the
    /// umask (without it, `0700` under umask `0700` would be `0000`, and `1777` under umask `022` would be `1755`).
    /// - Parameters:
    ///   - path: The folder's path (its parent must exist).
    ///   - permissions: The mode of a new folder.
    /// - Returns: Whether the folder was created.
    /// - Throws: The errno of `mkdir` (other than `EEXIST`) or of setting the mode; `EPERM` when the new folder was
    ///   replaced by something that is not a folder of this user's before its mode could be set.
    @discardableResult
    package static func createIfMissing(path: String, permissions: FilePermissions) throws(Errno) -> Bool {
        switch valueOrErrno({ mkdir(path, FilePermissions.ownerReadWriteExecute.rawValue) }) {
        case .success: break
        case .failure(.fileExists): return false
        case .failure(let error): throw error
        }
        let fd = try valueOrErrno { open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) }.get()
        defer { close(fd) }
        var info = stat()
        _ = try valueOrErrno { fstat(fd, &info) }.get()
        guard info.st_mode & S_IFMT == S_IFDIR, info.st_uid == geteuid() else { throw .notPermitted }
        _ = try valueOrErrno { fchmod(fd, permissions.rawValue) }.get()
        return true
    }
}
