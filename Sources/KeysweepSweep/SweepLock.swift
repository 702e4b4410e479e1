import Foundation

/// An exclusive lock on the sweep's state: a lock file beside the state database, held with
/// `flock(2)` for the life of this value. The kernel drops it when the process dies (even by
/// SIGKILL), so a crashed sweep never leaves a stale lock. The holder's pid is written into the
/// file for the message a second sweep shows.
public final class SweepLock: Sendable {
    public let path: String
    private let fd: Int32

    /// Takes the lock at `path`. With `wait`, blocks until the holder finishes; without it,
    /// throws `SweepError.locked` at once when another sweep holds it.
    public init(path given: String, wait: Bool) throws {
        let path = URL(fileURLWithPath: given).standardizedFileURL.path
        self.path = path
        try? FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                 withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw SweepError.posix("open", path, errno) }
        while flock(fd, LOCK_EX | (wait ? 0 : LOCK_NB)) != 0 {
            let code = errno
            if code == EINTR { continue }
            var holder = ""
            var buffer = [UInt8](repeating: 0, count: 32)
            let n = pread(fd, &buffer, buffer.count, 0)
            if n > 0 { holder = String(decoding: buffer[..<n], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) }
            close(fd)
            if code == EWOULDBLOCK { throw SweepError.locked(path: path, holder: holder.isEmpty ? nil : holder) }
            throw SweepError.posix("flock", path, code)
        }
        let pid = "\(getpid())\n"
        _ = ftruncate(fd, 0)
        _ = pid.withCString { pwrite(fd, $0, strlen($0), 0) }
        self.fd = fd
    }

    deinit {
        _ = ftruncate(fd, 0)
        flock(fd, LOCK_UN)
        close(fd)
    }
}
