import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a program to completion with posix_spawn and waitpid, capturing stdout and stderr.
///
/// Foundation's `Process.waitUntilExit()` can hang when called from a Swift concurrency task on
/// Linux; this helper blocks only on plain system calls.
public enum Subprocess {
    /// A finished run.
    public struct Result: Sendable {
        public let stdout: String
        public let stderr: String
        public let status: Int32
    }

    /// Runs `executable` (a path, or a name looked up on PATH) with `arguments`, feeding `stdin`,
    /// with `environment` merged over this process's environment, in `directory`.
    public static func run(_ executable: String, _ arguments: [String], stdin: String? = nil,
                           environment: [String: String] = [:], directory: String? = nil) throws -> Result {
        let env = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        var inPipe: [Int32] = [0, 0], outPipe: [Int32] = [0, 0], errPipe: [Int32] = [0, 0]
        guard pipe(&inPipe) == 0, pipe(&outPipe) == 0, pipe(&errPipe) == 0 else { throw POSIXError(.EMFILE) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, inPipe[0], 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        for fd in inPipe + outPipe + errPipe { posix_spawn_file_actions_addclose(&actions, fd) }
        // posix_spawn_file_actions_addchdir_np is not exported by Glibc here: change directory in sh.
        var program = executable, args = arguments
        if let directory {
            program = "/bin/sh"
            args = ["-c", "cd \"$0\" && exec \"$@\"", directory, executable] + arguments
        }

        let argv = ([program] + args).map { strdup($0) } + [nil]
        let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let rc = program.contains("/")
            ? posix_spawn(&pid, program, &actions, nil, argv, envp)
            : posix_spawnp(&pid, program, &actions, nil, argv, envp)
        close(inPipe[0]); close(outPipe[1]); close(errPipe[1])
        guard rc == 0 else {
            close(inPipe[1]); close(outPipe[0]); close(errPipe[0])
            throw POSIXError(POSIXErrorCode(rawValue: rc) ?? .ENOENT)
        }
        // Feed stdin from another thread so a child that writes before reading cannot deadlock.
        let input = Array((stdin ?? "").utf8)
        let writer = inPipe[1]
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) {
            var offset = 0
            while offset < input.count {
                let n = input[offset...].withUnsafeBytes { write(writer, $0.baseAddress, $0.count) }
                if n <= 0 { break }
                offset += n
            }
            close(writer)
        }
        let errBox = ByteBox()
        let errFD = errPipe[0]
        DispatchQueue.global().async(group: group) { errBox.bytes = drain(errFD) }
        let out = drain(outPipe[0])
        group.wait()
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let code: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return Result(stdout: String(decoding: out, as: UTF8.self),
                      stderr: String(decoding: errBox.bytes, as: UTF8.self), status: code)
    }

    static func drain(_ fd: Int32) -> [UInt8] {
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            data += buffer[0..<n]
        }
        close(fd)
        return data
    }
}

/// Bytes filled by one thread and read by another after a `DispatchGroup.wait()`.
final class ByteBox: @unchecked Sendable {
    // SAFETY: written once on a background queue, read only after the group's wait().
    var bytes: [UInt8] = []
}
