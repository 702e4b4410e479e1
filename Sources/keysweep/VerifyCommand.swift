import ArgumentParser
import Foundation
import KeysweepAdvice
import KeysweepAWS
import KeysweepCore

/// `--sts-endpoint URL`, shared by `verify` and `scan --verify`.
struct STSOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The STS endpoint to verify against.",
                               discussion: "Default: \(STSClient.defaultEndpoint.absoluteString). The signing region is read from sts.REGION.amazonaws.com."))
    var stsEndpoint: String?

    @Option(help: "Seconds to wait for each STS answer.")
    var verifyTimeout: Double = 10

    func client() throws -> STSClient {
        let text = stsEndpoint ?? STSClient.defaultEndpoint.absoluteString
        guard let url = URL(string: text) else { throw Failure(STSClient.SetupError.badEndpoint(text).description) }
        do { return try STSClient(endpoint: url, timeout: verifyTimeout) } catch let error as STSClient.SetupError {
            throw Failure(error.description)
        }
    }
}

/// `keysweep verify KEYID`: checks one key pair with STS GetCallerIdentity. The secret (and, for
/// ASIA keys, the session token on a second line) is read from stdin, never from the command line.
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check whether an AWS key pair works, with STS GetCallerIdentity (reads the secret from stdin).",
        discussion: """
        Exit codes: 0 valid, 1 invalid or expired, 2 error. GetCallerIdentity needs no permissions \
        and changes nothing, but the call is logged in the key owner's CloudTrail.
        """)

    @Argument(help: "An AWS access key id (AKIA…/ASIA…).")
    var keyId: String

    @Flag(help: "JSON instead of text.")
    var json = false

    @OptionGroup var sts: STSOptions

    func validate() throws {
        guard AccessKeyID(keyId) != nil || keyId.count == 20 else {
            throw ValidationError("'\(keyId)' is not an AWS access key id")
        }
    }

    func run() async throws {
        var lines: [String] = []
        while let line = readLine(strippingNewline: true), lines.count < 2 {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if !trimmed.isEmpty { lines.append(trimmed) }
        }
        guard let secret = lines.first else {
            throw Failure("no secret on stdin; pipe it in, e.g. `pass show aws/key | keysweep verify \(keyId)`")
        }
        let result = try await sts.client().verify(AWSCredentials(accessKeyId: keyId, secretAccessKey: secret,
                                                              sessionToken: lines.count > 1 ? lines[1] : nil))
        if json {
            print(try encode(result))
        } else {
            var line = "\(keyId): \(result.status)"
            if let arn = result.arn { line += " \(arn)" }
            if let account = result.account { line += " (account \(account))" }
            if let detail = result.detail { line += " — \(detail)" }
            print(line)
        }
        switch result.status {
        case "valid": return
        case "invalid", "expired": throw ExitCode(1)
        default: throw ExitCode(2)
        }
    }
}

/// The AWS options of `keysweep scan`: correlation with the registry (always, when one exists)
/// and opt-in live verification.
struct ScanAWSOptions: ParsableArguments {
    @OptionGroup var registryOptions: RegistryOptions

    @Flag(help: "Verify AWS key pairs found together with STS GetCallerIdentity (sends requests to AWS).")
    var verify = false

    @OptionGroup var sts: STSOptions

    func validate() throws {
        if sts.stsEndpoint != nil && !verify { throw ValidationError("--sts-endpoint needs --verify") }
    }

    /// Fills owner and advice on AWS findings and, with `--verify`, verification; call before
    /// redaction (it needs the raw key ids and secrets).
    func enrich(_ findings: inout [Finding], root: String?) async throws {
        guard findings.contains(where: { $0.rule == Correlator.keyIdRule }) else { return }
        let registry = try registryOptions.openIfPresent()
        Correlator.annotate(&findings, registry: registry, repository: root.flatMap(Self.repositorySlug))
        guard verify else { return }
        let secrets = Correlator.pairedSecrets(findings)
        let keyIndices = findings.indices.filter { findings[$0].rule == Correlator.keyIdRule }
        let toCheck = keyIndices.filter { secrets[findings[$0].fingerprint] != nil }
        // One STS call per distinct pair, however many paths and commits it appears at.
        var pairs: [String: AWSCredentials] = [:]
        for i in toCheck {
            let secret = secrets[findings[i].fingerprint]!
            pairs[findings[i].secret + "\u{0}" + secret] = AWSCredentials(accessKeyId: findings[i].secret, secretAccessKey: secret)
        }
        let order = pairs.keys.sorted()
        let results = try await sts.client().verifyAll(order.map { pairs[$0]! })
        let resultByPair = Dictionary(uniqueKeysWithValues: zip(order, results))
        var byKey: [String: Verification] = [:]
        for i in toCheck {
            let result = resultByPair[findings[i].secret + "\u{0}" + secrets[findings[i].fingerprint]!]!
            findings[i].verification = result
            byKey[findings[i].fingerprint] = result
        }
        for i in keyIndices where findings[i].verification == nil {
            findings[i].verification = Verification(status: "skipped", detail: "no secret found next to the key id")
        }
        for i in findings.indices where findings[i].rule == Correlator.secretRule {
            if let key = findings[i].pairedWith, let result = byKey[key] { findings[i].verification = result }
        }
    }

    /// `owner/name` of the origin remote on GitHub or GitLab, read from `.git/config`.
    static func repositorySlug(root: String) -> String? {
        guard let config = try? String(contentsOfFile: root + "/.git/config", encoding: .utf8) else { return nil }
        var inOrigin = false
        for raw in config.split(separator: "\n") {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("[") { inOrigin = line == "[remote \"origin\"]"; continue }
            guard inOrigin, line.hasPrefix("url") , let eq = line.firstIndex(of: "=") else { continue }
            var url = line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            for host in ["github.com", "gitlab.com"] {
                guard let r = url.range(of: host) else { continue }
                url = String(url[r.upperBound...].drop { $0 == ":" || $0 == "/" })
                if url.hasSuffix(".git") { url.removeLast(4) }
                return url.isEmpty ? nil : url
            }
        }
        return nil
    }
}
