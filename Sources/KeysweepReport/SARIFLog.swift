import Foundation

/// The subset of the SARIF 2.1.0 object model keysweep writes, as Codable values: one log, one run,
/// the rules that fired and one result a finding. Field names are SARIF's; optional fields that
/// are nil are left out, as SARIF prefers absent values to nulls.
public struct SARIFLog: Codable, Equatable, Sendable {
    public static let schemaURI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

    public var schema: String = SARIFLog.schemaURI
    public var version: String = "2.1.0"
    public var runs: [Run]

    enum CodingKeys: String, CodingKey {
        case schema = "$schema", version, runs
    }

    public struct Run: Codable, Equatable, Sendable {
        public var tool: Tool
        public var invocations: [Invocation]
        public var results: [Result]
        public var properties: RunProperties?
    }

    public struct Tool: Codable, Equatable, Sendable {
        public var driver: Driver
    }

    public struct Driver: Codable, Equatable, Sendable {
        public var name: String
        public var version: String
        public var semanticVersion: String
        public var informationUri: String
        public var rules: [Rule]
        public var properties: DriverProperties?
    }

    public struct DriverProperties: Codable, Equatable, Sendable {
        public var catalogueHash: String?
        public var ruleCount: Int?
    }

    /// A `reportingDescriptor`: one rule that fired.
    public struct Rule: Codable, Equatable, Sendable {
        public var id: String
        public var name: String
        public var shortDescription: Message
        public var fullDescription: Message
        public var help: Help
        public var helpUri: String?
        public var defaultConfiguration: Configuration
        public var properties: RuleProperties
    }

    public struct Configuration: Codable, Equatable, Sendable {
        public var level: String
    }

    public struct RuleProperties: Codable, Equatable, Sendable {
        public var tags: [String]
        public var precision: String
        /// A number from 0.0 to 10.0 as a string, as GitHub code scanning reads it.
        public var securitySeverity: String
        public var problemSeverity: String

        enum CodingKeys: String, CodingKey {
            case tags, precision
            case securitySeverity = "security-severity"
            case problemSeverity = "problem.severity"
        }
    }

    public struct Message: Codable, Equatable, Sendable {
        public var text: String
    }

    /// A `multiformatMessageString`: plain text and markdown.
    public struct Help: Codable, Equatable, Sendable {
        public var text: String
        public var markdown: String
    }

    public struct Invocation: Codable, Equatable, Sendable {
        public var executionSuccessful: Bool
        public var toolExecutionNotifications: [Notification]?
    }

    public struct Notification: Codable, Equatable, Sendable {
        public var level: String
        public var message: Message
    }

    public struct Result: Codable, Equatable, Sendable {
        public var ruleId: String
        public var ruleIndex: Int
        public var level: String
        public var message: Message
        public var locations: [Location]
        public var partialFingerprints: [String: String]
        public var properties: ResultProperties
    }

    public struct Location: Codable, Equatable, Sendable {
        public var physicalLocation: PhysicalLocation
    }

    public struct PhysicalLocation: Codable, Equatable, Sendable {
        public var artifactLocation: ArtifactLocation
        public var region: Region
    }

    public struct ArtifactLocation: Codable, Equatable, Sendable {
        /// Relative to the repository root, percent-encoded.
        public var uri: String
    }

    public struct Region: Codable, Equatable, Sendable {
        public var startLine: Int
        public var startColumn: Int
        public var snippet: Snippet?
    }

    /// An `artifactContent` holding the (redacted) line.
    public struct Snippet: Codable, Equatable, Sendable {
        public var text: String
    }

    /// Where the secret came from in git and what keysweep knows about it. Never the secret.
    public struct ResultProperties: Codable, Equatable, Sendable {
        public var severity: String
        public var confidence: String
        public var commit: String?
        public var author: String?
        public var email: String?
        public var date: String?
        public var commitMessage: String?
        public var occurrences: Int
        public var firstCommit: String?
        public var lastCommit: String?
        public var presentAtHead: Bool
        public var unreachable: Bool
        public var awsKeyId: String?
        public var awsKeyType: String?
        public var awsAccount: String?
        public var pairedWith: String?
        public var owner: String?
        public var advice: String?
        public var verification: String?
        /// How the secret was decoded before it matched ("base64", "base64→base64", …).
        public var decoded: String?
    }

    public struct RunProperties: Codable, Equatable, Sendable {
        public var target: String?
        public var commits: Int
        public var blobs: Int
        public var bytes: Int
        public var skippedBinary: Int
        public var skippedTooLarge: Int
        public var unreadable: Int
        public var unreachableObjects: Int
    }
}
