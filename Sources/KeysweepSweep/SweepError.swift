import Foundation

/// What can go wrong in a sweep as a whole (one repository's failure is a `RepositoryOutcome`).
public enum SweepError: Error, Sendable, CustomStringConvertible {
    case config(file: String, message: String)
    case state(path: String, reason: String)
    case locked(path: String, holder: String?)
    case posix(String, String, Int32)
    case repository(String)

    public var description: String {
        switch self {
        case let .config(file, message):
            return "\(file): \(message)"
        case let .state(path, reason):
            return "sweep state \(path): \(reason); check the file or point --state elsewhere"
        case let .locked(path, holder):
            return "another sweep is running (\(holder.map { "pid \($0) holds " } ?? "")\(path)); "
                + "this one exits without touching the state; pass --wait to queue behind it"
        case let .posix(call, path, code):
            return "\(call) \(path): \(String(cString: strerror(code)))"
        case let .repository(message):
            return message
        }
    }
}
