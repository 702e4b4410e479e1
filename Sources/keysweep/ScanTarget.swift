import Foundation
import KeysweepCore
import KeysweepGit
import KeysweepSources
import KeysweepScan

/// What `scan PATH` resolves to: a history, a range of it, or a directory.
struct ScanTarget {
    var source: any BlobSource
    /// The repository's work tree or the directory (where .keysweep.toml and .keysweepignore live).
    var root: String?

    static func open(path: String, noGit: Bool, rev: String?, gate: BlobGate) throws -> ScanTarget {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw Failure("\(path): no such file or directory; give the path of a git repository or a directory")
        }
        guard isDir.boolValue else {
            throw Failure("\(path) is a file; give the directory that holds it, or a git repository")
        }
        if !noGit, looksLikeRepository(path) {
            let repo: Repository
            do { repo = try Repository(path: path) } catch {
                throw Failure("\(path) looks like a git repository but cannot be opened (\(error)); check it with `git fsck`, or scan its files with --no-git")
            }
            let root = repo.workdir
            do {
                if let rev {
                    return ScanTarget(source: try RangeSource(path: path, range: rev, gate: gate), root: root)
                }
                return ScanTarget(source: try HistorySource(path: path, gate: gate), root: root)
            } catch let error as GitError where rev != nil {
                throw Failure("--rev '\(rev!)': \(error.message); give a revision or range git understands, e.g. main, v1.0..HEAD, abc123^!")
            }
        }
        if rev != nil {
            throw Failure("--rev needs a git repository, and \(path) is not one (no .git); drop --rev or give the repository's path")
        }
        return ScanTarget(source: try DirectorySource(root: path, gate: gate), root: path)
    }

    /// A work tree with `.git`, or a bare repository (HEAD, objects/, refs/).
    static func looksLikeRepository(_ path: String) -> Bool {
        let fm = FileManager.default
        let p = path as NSString
        if fm.fileExists(atPath: p.appendingPathComponent(".git")) { return true }
        return fm.fileExists(atPath: p.appendingPathComponent("HEAD"))
            && fm.fileExists(atPath: p.appendingPathComponent("objects"))
            && fm.fileExists(atPath: p.appendingPathComponent("refs"))
    }
}

/// Sizes written as 1048576, 512K, 16M or 1G.
enum ByteSize {
    static func parse(_ text: String) -> Int? {
        let units: [Character: Int] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30]
        let upper = text.uppercased().replacingOccurrences(of: "IB", with: "").replacingOccurrences(of: "B", with: "")
        if let last = upper.last, let unit = units[last], let n = Int(upper.dropLast()), n >= 0 { return n * unit }
        return Int(upper).flatMap { $0 >= 0 ? $0 : nil }
    }
}

/// Files keysweep writes about credentials: created mode 0600, written whole or not at all.
enum SecureFile {
    static func write(_ text: String, to path: String) throws {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDir) {
            guard !isDir.boolValue else { throw Failure("\(path) is a directory; give a file name for the report") }
            let type = (try? FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType) ?? nil
            if type != .typeRegular {
                // A device, pipe or socket (/dev/null, /dev/stdout): write into it, never replace it.
                guard let handle = FileHandle(forWritingAtPath: path) else {
                    throw Failure("cannot write \(path); check its permissions")
                }
                handle.write(Data(text.utf8))
                try? handle.close()
                return
            }
        }
        let dir = (path as NSString).deletingLastPathComponent
        let tmp = (dir.isEmpty ? "." : dir) + "/.\((path as NSString).lastPathComponent).tmp-\(getpid())"
        guard FileManager.default.createFile(atPath: tmp, contents: Data(text.utf8),
                                             attributes: [.posixPermissions: 0o600]) else {
            throw Failure("cannot write \(path); check that its directory exists and is writable")
        }
        guard rename(tmp, path) == 0 else {
            unlink(tmp)
            throw Failure("cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }
}
