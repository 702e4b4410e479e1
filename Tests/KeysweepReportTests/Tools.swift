import Foundation
import KeysweepTestSupport

/// Programs the integration tests drive, looked up on PATH once.
enum Tools {
    /// The path of `python3`, or nil when it is not installed.
    static let python3: String? = which("python3")

    /// The path of `name` on PATH, or nil.
    static func which(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Runs a Python program (`python3 -c`) with arguments; nil when python3 is missing.
    static func python(_ program: String, _ arguments: [String]) throws -> Run.Result? {
        guard let python3 else { return nil }
        return try Run.process(python3, ["-c", program] + arguments)
    }

    /// A path inside the package (`action.yml`, `scripts/install`, …).
    static func packageFile(_ relative: String) -> String {
        (Run.packageRoot as NSString).appendingPathComponent(relative)
    }
}
