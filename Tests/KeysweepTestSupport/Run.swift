import Foundation

/// Runs programs for tests: git, and the built `keysweep` binary.
public enum Run {
    public struct Result: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String
    }

    /// Runs `executable` with `args`, feeding `stdin`, and collects its output.
    public static func process(_ executable: String, _ args: [String], cwd: String? = nil,
                               env: [String: String] = [:], stdin: String? = nil) throws -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = args
        if let cwd { p.currentDirectoryURL = URL(fileURLWithPath: cwd) }
        p.environment = ProcessInfo.processInfo.environment.merging(env) { $1 }
        let out = Pipe(), err = Pipe(), inp = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = inp
        try p.run()
        if let stdin { inp.fileHandleForWriting.write(Data(stdin.utf8)) }
        try? inp.fileHandleForWriting.close()
        // Read both pipes concurrently so a full pipe cannot block the child.
        nonisolated(unsafe) var errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }

    /// `keysweep rules check` on a rule file holding `toml`, written to a temporary directory that is
    /// removed afterwards.
    public static func rulesCheck(_ toml: String) throws -> Result {
        try TempDir.with("rules-check") { dir in
            let file = (dir as NSString).appendingPathComponent("rules.toml")
            try toml.write(toFile: file, atomically: true, encoding: .utf8)
            return try keysweep(["rules", "check", "--config", file])
        }
    }

    /// The built `keysweep` executable: `$KEYSWEEP_BIN`, else the package's debug build.
    public static var keysweepBinary: String {
        if let env = ProcessInfo.processInfo.environment["KEYSWEEP_BIN"] { return env }
        let root = packageRoot
        for candidate in [".build/debug/keysweep", ".build/release/keysweep"] {
            let p = (root as NSString).appendingPathComponent(candidate)
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return (root as NSString).appendingPathComponent(".build/debug/keysweep")
    }

    /// The package's root directory (where Package.swift is).
    public static var packageRoot: String {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url.path }
        }
        return FileManager.default.currentDirectoryPath
    }

    /// Runs `keysweep` with `args`.
    public static func keysweep(_ args: [String], cwd: String? = nil, env: [String: String] = [:],
                                stdin: String? = nil) throws -> Result {
        try process(keysweepBinary, args, cwd: cwd, env: ["NO_COLOR": "1"].merging(env) { $1 }, stdin: stdin)
    }
}
