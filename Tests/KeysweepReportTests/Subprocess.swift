import Foundation

/// Runs a program to completion for a test: arguments, optional standard input and environment
/// additions in, exit status and both outputs out. Output is read on background threads while
/// the process runs, so a chatty program cannot fill a pipe and stall.
struct Subprocess {
    var status: Int32
    var stdout: String
    var stderr: String

    /// Runs `executable` (a path, or a name looked up on PATH through /usr/bin/env).
    static func run(_ executable: String, _ arguments: [String], stdin: String? = nil,
                    environment: [String: String] = [:], in directory: URL? = nil) throws -> Subprocess {
        let process = Process()
        if executable.contains("/") {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [executable] + arguments
        }
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        let outData = Collector(), errData = Collector()
        let group = DispatchGroup()
        for (pipe, collector) in [(out, outData), (err, errData)] {
            group.enter()
            DispatchQueue.global().async {
                collector.data = pipe.fileHandleForReading.readDataToEndOfFile()
                group.leave()
            }
        }
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        group.wait()
        return Subprocess(status: process.terminationStatus,
                          stdout: String(decoding: outData.data, as: UTF8.self),
                          stderr: String(decoding: errData.data, as: UTF8.self))
    }

    /// True when `name` is found on PATH.
    static func exists(_ name: String) -> Bool {
        (try? run("/bin/sh", ["-c", "command -v \"$0\" >/dev/null 2>&1", name]).status) == 0
    }

    /// The package root: two levels above this test file's directory.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A fresh temporary directory, removed by the caller with `FileManager.removeItem`.
    static func temporaryDirectory(_ prefix: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(prefix)-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// A box the reader threads fill in; read only after `DispatchGroup.wait`.
private final class Collector: @unchecked Sendable {
    // SAFETY: written by one reader thread, read by the test thread only after group.wait().
    var data = Data()
}
