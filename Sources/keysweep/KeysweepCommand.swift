import ArgumentParser
import KeysweepCore
import KeysweepRules

/// `keysweep`: the root command. Subcommands register here.
struct KeysweepCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keysweep",
        abstract: "Find credentials leaked anywhere in a git repository's history, and say whose they are and how to replace them with roles.",
        version: versionString,
        subcommands: [ScanCommand.self, ReportCommand.self, RegistryCommand.self, AdviseCommand.self, VerifyCommand.self,
                      RulesCommand.self],
        defaultSubcommand: nil
    )

    static var versionString: String {
        let hash = (try? RuleSet.builtin().catalogueHash) ?? "unknown"
        let count = (try? RuleSet.builtin().rules.count) ?? 0
        return "keysweep \(Keysweep.version) (rules: \(count), catalogue \(hash))"
    }
}
