import ArgumentParser
import Foundation
import KeysweepAdvice
import KeysweepAWS
import KeysweepCore

/// `keysweep advise KEYID`: the owner block and a rotation plan for one key, offline.
struct AdviseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "advise",
        abstract: "Say whose an AWS key is and how to replace it with role-based credentials.",
        discussion: """
        The role kind follows --path (where the key was found, e.g. .github/workflows/deploy.yml), \
        overridden by the inventory's workload for the key. Nothing leaves the machine.
        """)

    @Argument(help: "An AWS access key id (AKIA…/ASIA…).")
    var keyId: String

    @Option(help: "Where the key was found, to pick the replacement role kind.")
    var path: String?

    @Option(help: "The repository as owner/name, for a GitHub/GitLab OIDC trust policy (default: the inventory's).")
    var repository: String?

    @Option(help: "Output format: \(AdviceRenderer.Format.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: String = "text"

    @OptionGroup var options: RegistryOptions

    func validate() throws {
        guard AccessKeyID(keyId) != nil else {
            throw ValidationError("'\(keyId)' is not an AWS access key id (20 characters: AKIA/ASIA/ABIA/ACCA and 16 of A-Z2-7)")
        }
        guard AdviceRenderer.Format(rawValue: format) != nil else {
            throw ValidationError("unknown format '\(format)'; use one of \(AdviceRenderer.Format.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() throws {
        let id = AccessKeyID(keyId)!
        let registry = try options.openIfPresent()
        let record = try wrap { try registry?.record(for: id.text) }
        let owner = Correlator.owner(for: id, record: record, registry: registry)
        let advice = Correlator.advice(for: id, record: record, path: path, snippet: nil,
                                       repository: repository ?? record?.inventory?.repository)
        print(AdviceRenderer.render(owner: owner, advice: advice, format: AdviceRenderer.Format(rawValue: format)!),
              terminator: "")
    }
}
