import ArgumentParser
import Foundation
import KeysweepAdvice
import KeysweepAWS
import KeysweepRegistry

/// `--registry PATH`, shared by every command that reads or writes the credential registry.
struct RegistryOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The credential registry (SQLite, mode 0600).",
                               discussion: "Default: $XDG_DATA_HOME/keysweep/registry.sqlite, else ~/.local/share/keysweep/registry.sqlite."),
            completion: .file())
    var registry: String?

    var path: String { registry ?? Registry.defaultPath }

    /// Opens (creating if needed) the registry; errors become one-line failures.
    func open() throws -> Registry {
        do { return try Registry(path: path) } catch let error as RegistryError { throw Failure(error.description) }
    }

    /// For scans: the registry named by `--registry`, else the default one only if it exists
    /// (a scan never creates a registry as a side effect).
    func openIfPresent() throws -> Registry? {
        if registry == nil && !FileManager.default.fileExists(atPath: path) { return nil }
        return try open()
    }
}

/// `keysweep registry`: the local record of who owns which AWS key.
struct RegistryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "registry",
        abstract: "Import IAM exports and inventories into the local credential registry, and query it.",
        discussion: """
        The registry never holds a secret: from credentials files it keeps the key id and a salted \
        HMAC-SHA-256 of the secret, enough to confirm that a leaked secret is the real one.
        """,
        subcommands: [Import.self, List.self, Show.self, Forget.self])

    /// `keysweep registry import FILE...`
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import aws CLI exports, ~/.aws files or an inventory; each file in one transaction.",
            discussion: "Formats (detected from content unless --format is given): "
                + ImportFormat.allCases.map(\.rawValue).joined(separator: ", ") + ".")

        @Argument(help: "Files to import.", completion: .file())
        var files: [String]

        @Option(help: "Force the format of every file.")
        var format: String?

        @Option(help: "The key a get-access-key-last-used export belongs to (default: a key id in its file name).")
        var keyId: String?

        @OptionGroup var options: RegistryOptions

        func validate() throws {
            if files.isEmpty { throw ValidationError("name at least one file to import") }
            if let format, ImportFormat.named(format) == nil { throw ValidationError(RegistryError.unknownFormatName(format).description) }
        }

        func run() throws {
            let registry = try options.open()
            for file in files {
                do {
                    let summary = try registry.importFile(file, format: format.flatMap(ImportFormat.named), keyId: keyId)
                    print("imported \(file) (\(summary.format.rawValue)): \(summary.keys) keys, \(summary.users) users, \(summary.records) records")
                } catch let error as RegistryError {
                    throw Failure(error.description)
                }
            }
        }
    }

    /// `keysweep registry list`
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the keys the registry knows.")

        @Flag(help: "JSON instead of a table.")
        var json = false

        @OptionGroup var options: RegistryOptions

        func run() throws {
            let keys = try wrap { try options.open().keys() }
            if json { return print(try encode(keys)) }
            let header = ["KEY ID", "ACCOUNT", "USER", "STATUS", "LAST USED", "WORKLOAD", "SECRET FP"]
            let rows = keys.map { k in
                [k.keyId, k.account ?? "-", k.userName ?? "-", k.status ?? "-", k.lastUsed.map(day) ?? "-",
                 k.workload ?? "-", k.hasSecretFingerprint ? "yes" : "no"]
            }
            let widths = header.indices.map { i in ([header] + rows).map { $0[i].count }.max() ?? 0 }
            for row in [header] + rows {
                print(row.enumerated().map { i, cell in cell.padding(toLength: widths[i], withPad: " ", startingAt: 0) }
                    .joined(separator: "  ").trimmingCharacters(in: .whitespaces))
            }
        }
    }

    /// `keysweep registry show KEYID`
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show everything the registry knows about a key.")

        @Argument(help: "An AWS access key id (AKIA…/ASIA…).")
        var keyId: String

        @Flag(help: "JSON instead of text.")
        var json = false

        @OptionGroup var options: RegistryOptions

        func run() throws {
            let registry = try options.open()
            guard let record = try wrap({ try registry.record(for: keyId) }) else {
                throw Failure("\(keyId) is not in the registry at \(options.path); import its list-access-keys or credentials export first")
            }
            if json { return print(try encode(record)) }
            if let id = AccessKeyID(keyId) {
                print(AdviceRenderer.ownerText(Correlator.owner(for: id, record: record, registry: registry)), terminator: "")
            } else {
                print("key \(keyId) (user \(record.userName ?? "unknown"), status \(record.status ?? "unknown"))")
            }
            if !record.profiles.isEmpty { print("profiles: \(record.profiles.joined(separator: ", "))") }
            if record.hasSecretFingerprint { print("secret fingerprint: stored (HMAC-SHA-256, salted)") }
            if let notes = record.inventory?.notes { print("notes: \(notes)") }
        }
    }

    /// `keysweep registry forget KEYID`
    struct Forget: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a key (and its fingerprint and inventory entry).")

        @Argument(help: "An AWS access key id.")
        var keyId: String

        @OptionGroup var options: RegistryOptions

        func run() throws {
            let registry = try options.open()
            guard try wrap({ try registry.forget(keyId: keyId) }) else {
                throw Failure("\(keyId) is not in the registry at \(options.path); nothing to forget")
            }
            print("forgot \(keyId)")
        }
    }
}

/// Runs `body`, turning registry and database errors into one-line failures.
func wrap<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let error as RegistryError { throw Failure(error.description) }
    catch let error as Failure { throw error }
    catch { throw Failure("registry: \(error)") }
}

/// Pretty, sorted JSON with ISO-8601 dates.
func encode<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.dateEncodingStrategy = .iso8601
    return String(decoding: try encoder.encode(value), as: UTF8.self)
}

/// `YYYY-MM-DD`.
func day(_ date: Date) -> String {
    let f = ISO8601DateFormatter()
    f.formatOptions = [.withFullDate]
    return f.string(from: date)
}
