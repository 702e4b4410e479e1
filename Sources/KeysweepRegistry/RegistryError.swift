import Foundation

/// Why the registry refused something. Every case renders as one line naming the file (and line)
/// at fault and what to do about it; the executable prefixes it with `keysweep:`.
public enum RegistryError: Error, CustomStringConvertible, Equatable {
    /// The file could not be read at all.
    case unreadable(file: String, reason: String)
    /// The content does not look like any importable format.
    case unknownFormat(file: String)
    /// The content is of the right format but broken; nothing from the file was imported.
    case malformed(file: String, line: Int?, reason: String)
    /// The database could not be created or opened.
    case cannotOpen(path: String, reason: String)
    /// A `--format` value keysweep does not know.
    case unknownFormatName(String)

    public var description: String {
        switch self {
        case .unreadable(let file, let reason):
            return "cannot read \(file): \(reason)"
        case .unknownFormat(let file):
            return "cannot tell what kind of export \(file) is; pass --format with one of: "
                + ImportFormat.allCases.map(\.rawValue).joined(separator: ", ")
        case .malformed(let file, let line, let reason):
            let place = line.map { "\(file):\($0)" } ?? file
            return "\(place): \(reason); nothing from this file was imported, fix it and run the import again"
        case .cannotOpen(let path, let reason):
            return "cannot open the registry at \(path): \(reason); pass --registry PATH to use another file"
        case .unknownFormatName(let name):
            return "unknown import format '\(name)'; use one of: " + ImportFormat.allCases.map(\.rawValue).joined(separator: ", ")
        }
    }
}

/// A short reason for a file-system error ("no such file or directory"), without Foundation's
/// "The operation could not be completed" preamble.
func fileErrorReason(_ error: Error) -> String {
    let ns = error as NSError
    if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
        return String(cString: strerror(Int32(underlying.code)))
    }
    if let posix = error as? POSIXError { return String(cString: strerror(posix.code.rawValue)) }
    if let cocoa = error as? CocoaError {
        switch cocoa.code {
        case .fileNoSuchFile, .fileReadNoSuchFile: return "no such file or directory"
        case .fileReadNoPermission, .fileWriteNoPermission: return "permission denied"
        case .fileWriteOutOfSpace: return "no space left on device"
        case .fileWriteVolumeReadOnly: return "read-only file system"
        case .fileReadCorruptFile, .fileReadUnknown: return "unreadable file"
        default: break
        }
    }
    return ns.localizedDescription
}

/// Finds line numbers in a text, for error messages about formats whose parsers report none.
struct LineLocator {
    let text: String

    /// The 1-based line of the first occurrence of `needle` at or after the `skip`-th occurrence.
    func line(of needle: String, occurrence: Int = 0) -> Int? {
        guard !needle.isEmpty else { return nil }
        var seen = 0
        var line = 1
        let hay = Array(text.utf8)
        let pattern = Array(needle.utf8)
        var i = 0
        while i + pattern.count <= hay.count {
            if hay[i] == UInt8(ascii: "\n") { line += 1 }
            if hay[i] == pattern[0], Array(hay[i..<i + pattern.count]) == pattern {
                if seen == occurrence { return line }
                seen += 1
            }
            i += 1
        }
        return nil
    }

    /// The 1-based line holding UTF-8 byte offset `offset`.
    func line(atOffset offset: Int) -> Int {
        var line = 1
        for (i, byte) in text.utf8.enumerated() {
            if i >= offset { break }
            if byte == UInt8(ascii: "\n") { line += 1 }
        }
        return line
    }
}
