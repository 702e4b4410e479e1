import Foundation

/// A moto server on 127.0.0.1 started through `scripts/moto`, for tests that need a real HTTP
/// endpoint speaking IAM and STS. Stopped by `stop()` or when the value goes away; stopping also
/// removes its state directory (a server that fails to start keeps it: its log says why).
public final class MotoServer: @unchecked Sendable {
    // SAFETY: every stored property is immutable after init; `stop()` only runs a subprocess and
    // removes a directory.
    public let port: Int
    public let stateDirectory: URL
    public let packageRoot: URL

    /// Errors starting the server or running a command against it.
    public struct CommandError: Error, CustomStringConvertible {
        public let command: String
        public let status: Int32
        public let stderr: String
        public var description: String { "\(command) exited \(status): \(stderr)" }
    }

    /// The package root (the directory holding Package.swift), found from this source file.
    public static func findPackageRoot(from file: String = #filePath) -> URL {
        var dir = URL(fileURLWithPath: file).deletingLastPathComponent()
        while dir.path != "/" {
            if FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path) { return dir }
            dir = dir.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    }

    public init() throws {
        packageRoot = Self.findPackageRoot()
        stateDirectory = FileManager.default.temporaryDirectory
            .appendingPathComponent("keysweep-moto-\(UUID().uuidString)")
        let out = try Self.run(packageRoot.appendingPathComponent("scripts/moto").path,
                               ["start", "--dir", stateDirectory.path])
        guard let port = Int(out.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw CommandError(command: "scripts/moto start", status: 0, stderr: "no port in '\(out.stdout)'")
        }
        self.port = port
    }

    deinit { stop() }

    /// The endpoint URL, `http://127.0.0.1:PORT`.
    public var endpoint: String { "http://127.0.0.1:\(port)" }

    /// Stops the server and removes its state directory (idempotent).
    public func stop() {
        _ = try? Self.run(packageRoot.appendingPathComponent("scripts/moto").path,
                          ["stop", "--dir", stateDirectory.path])
        try? FileManager.default.removeItem(at: stateDirectory)
    }

    /// Switches moto's key and signature checks on or off (`POST /moto-api/reset-auth`).
    public func setAuth(_ on: Bool) throws {
        _ = try Self.run(packageRoot.appendingPathComponent("scripts/moto").path,
                         ["auth", on ? "on" : "off", "--dir", stateDirectory.path])
    }

    /// Runs the aws CLI against this server with throwaway bootstrap credentials; returns stdout.
    @discardableResult
    public func aws(_ arguments: [String], accessKey: String = "AKIAIOSFODNN7EXAMPLE",
                    secret: String = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY") throws -> String {
        let env = ["AWS_ACCESS_KEY_ID": accessKey, "AWS_SECRET_ACCESS_KEY": secret,
                   "AWS_DEFAULT_REGION": "us-east-1", "AWS_CONFIG_FILE": "/dev/null",
                   "AWS_SHARED_CREDENTIALS_FILE": "/dev/null", "AWS_PAGER": ""]
        return try Self.run("/usr/bin/env", ["aws", "--endpoint-url", endpoint, "--output", "json"] + arguments,
                            environment: env).stdout
    }

    /// Runs `executable` with `arguments` and extra environment; throws on a non-zero exit.
    public static func run(_ executable: String, _ arguments: [String], stdin: String? = nil,
                           environment: [String: String] = [:]) throws -> Subprocess.Result {
        let result = try Subprocess.run(executable, arguments, stdin: stdin, environment: environment)
        if result.status != 0 {
            throw CommandError(command: ([executable] + arguments).joined(separator: " "), status: result.status,
                               stderr: result.stderr)
        }
        return result
    }
}
