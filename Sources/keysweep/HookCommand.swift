import Foundation
import ArgumentParser
import KeysweepCore

/// `keysweep hook …`: install git hooks that block a leak before it leaves the machine, and the
/// commands those hooks run.
struct HookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hook",
        abstract: "Install pre-push / pre-commit hooks that block commits holding secrets.",
        subcommands: [HookInstallCommand.self, HookUninstallCommand.self,
                      HookPrePushCommand.self, HookPreCommitCommand.self])
}

/// Which hooks a command is about: pre-push unless told otherwise.
struct HookKinds: ParsableArguments {
    @Flag(help: "The pre-push hook (the default): scans the commits a push sends.")
    var prePush = false

    @Flag(help: "The pre-commit hook: scans the staged changes.")
    var preCommit = false

    @Option(help: "The repository (default: the one holding the current directory).")
    var repo: String = "."

    @Flag(help: "Every repository of the user: a global core.hooksPath (see docs/hooks.md for the trade-offs).")
    var global = false

    var kinds: [String] {
        var k: [String] = []
        if prePush || !preCommit { k.append("pre-push") }
        if preCommit { k.append("pre-commit") }
        return k
    }
}

struct HookInstallCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract: "Write keysweep's hook into the repository's hooks directory (honours core.hooksPath).",
        discussion: """
        An existing executable hook is kept and chained: it is renamed <hook>.keysweep-chained, runs
        first, and its failure still blocks. A hook that cannot be chained makes install refuse,
        unless --force (then it is kept as <hook>.keysweep-saved and no longer runs).
        `keysweep hook uninstall` puts back whatever was there.
        """)

    @OptionGroup var which: HookKinds

    @Flag(help: "Replace an existing hook that cannot be chained (it is kept as <hook>.keysweep-saved).")
    var force = false

    func run() throws {
        let installer = HookInstaller(binary: ExecutablePath.current())
        if which.global {
            let (dir, configured) = try installer.globalDirectory()
            for line in try installer.install(kinds: which.kinds, in: dir, force: force, global: true) { print(line) }
            if !configured {
                try installer.setGlobalHooksPath(dir)
                print("set the global core.hooksPath to \(dir): every repository without its own core.hooksPath now runs these hooks (and still its own .git/hooks)")
            }
            return
        }
        let dir = try installer.hooksDirectory(repo: which.repo)
        for line in try installer.install(kinds: which.kinds, in: dir, force: force, global: false) { print(line) }
    }
}

struct HookUninstallCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "uninstall",
        abstract: "Remove keysweep's hook and restore the hook it chained or replaced.")

    @OptionGroup var which: HookKinds

    @Flag(help: "Both hooks.")
    var all = false

    func run() throws {
        let installer = HookInstaller(binary: ExecutablePath.current())
        let kinds = all ? ["pre-push", "pre-commit"] : which.kinds
        if which.global {
            let (dir, _) = try installer.globalDirectory()
            for line in try installer.uninstall(kinds: kinds, in: dir) { print(line) }
            if let line = try installer.releaseGlobalHooksPath() { print(line) }
            return
        }
        let dir = try installer.hooksDirectory(repo: which.repo)
        for line in try installer.uninstall(kinds: kinds, in: dir) { print(line) }
    }
}

/// Options both scanning hooks share.
struct HookScanOptions: ParsableArguments {
    @Option(help: "A rule file to use instead of the built-in rules (and the repository's .keysweep.toml).")
    var config: String?

    @Option(help: "Skip blobs larger than this (bytes, or with K, M, G).")
    var maxBlobSize: String = "16M"

    @Option(help: "Worker threads (default: the number of cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @OptionGroup var registryOptions: RegistryOptions

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        guard ByteSize.parse(maxBlobSize) != nil else {
            throw ValidationError("--max-blob-size '\(maxBlobSize)' is not a size; write e.g. 16M or 1048576")
        }
    }

    var scan: HookScan {
        let registry = registryOptions
        return HookScan(config: config, maxBlobSize: ByteSize.parse(maxBlobSize)!, jobs: jobs,
                        openRegistry: { try registry.openIfPresent() })
    }
}

struct HookPrePushCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pre-push",
        abstract: "What the pre-push hook runs: scan the commits a push sends that the remote lacks.",
        discussion: """
        Reads git's lines '<local ref> <local sha> <remote ref> <remote sha>' on stdin. Exit 0: nothing
        found; 1: findings (the push is blocked; the message is on stderr); 2: keysweep failed.
        """)

    @Argument(help: "The remote's name (or its URL when the push names none), as git passes it.")
    var remote: String?

    @Argument(help: "The remote's URL, as git passes it.")
    var url: String?

    @OptionGroup var options: HookScanOptions

    func run() throws {
        let input = isatty(0) == 1 ? "" : String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        let status = try options.scan.prePush(remote: remote, url: url, input: input)
        if status != 0 { throw ExitCode(status) }
    }
}

struct HookPreCommitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pre-commit",
        abstract: "What the pre-commit hook runs: scan the staged changes (the index against HEAD).",
        discussion: "Exit 0: nothing found; 1: findings (the commit is blocked); 2: keysweep failed.")

    @OptionGroup var options: HookScanOptions

    @Argument(help: .hidden)
    var ignoredFiles: [String] = []

    func run() throws {
        let status = try options.scan.preCommit()
        if status != 0 { throw ExitCode(status) }
    }
}

/// Where the running keysweep executable is, as an absolute path a hook can call later: the
/// path it was started by (a symlink such as a package manager's stays a symlink, so upgrades
/// keep working), else the resolved `/proc/self/exe`.
enum ExecutablePath {
    static func current() -> String {
        let argv0 = CommandLine.arguments.first ?? ""
        let fm = FileManager.default
        if argv0.contains("/") {
            let absolute = argv0.hasPrefix("/") ? argv0 : (fm.currentDirectoryPath as NSString).appendingPathComponent(argv0)
            let clean = URL(fileURLWithPath: absolute).standardizedFileURL.path
            if fm.isExecutableFile(atPath: clean) { return clean }
        } else if !argv0.isEmpty {
            for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
                let candidate = (String(dir) as NSString).appendingPathComponent(argv0)
                if candidate.hasPrefix("/"), fm.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        return (try? fm.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? Bundle.main.executablePath ?? "keysweep"
    }
}
