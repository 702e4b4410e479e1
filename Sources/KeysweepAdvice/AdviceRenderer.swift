import Foundation
import KeysweepCore

/// Renders an owner block and a rotation plan for `keysweep advise`: plain text for a terminal,
/// Markdown for a ticket, JSON for tools. Pure functions; the executable prints.
public enum AdviceRenderer {
    public enum Format: String, CaseIterable, Sendable { case text, json, markdown }

    /// The plan for one key in `format`.
    public static func render(owner: CredentialOwner, advice: RotationAdvice, format: Format) -> String {
        switch format {
        case .json: return json(owner: owner, advice: advice)
        case .text: return text(owner: owner, advice: advice)
        case .markdown: return markdown(owner: owner, advice: advice)
        }
    }

    static func json(owner: CredentialOwner, advice: RotationAdvice) -> String {
        struct Both: Encodable { let owner: CredentialOwner; let advice: RotationAdvice }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        let data = (try? encoder.encode(Both(owner: owner, advice: advice))) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// Owner facts as label/value pairs, skipping what is unknown.
    static func facts(_ o: CredentialOwner) -> [(String, String)] {
        var rows: [(String, String)] = [("key", o.keyId), ("in registry", o.inRegistry ? "yes" : "no")]
        func add(_ label: String, _ value: String?) { if let value, !value.isEmpty { rows.append((label, value)) } }
        let account = o.account.map { a in o.accountAlias.map { "\(a) (\($0))" } ?? a }
        add("account", account.map { $0 + (o.accountKnown ? "" : ", not known to the registry") })
        add("user", o.userName)
        add("arn", o.arn)
        add("status", o.status)
        add("created", o.created.map(day))
        add("last used", o.lastUsed.map { day($0) + (o.lastUsedService.map { " (\($0))" } ?? "") })
        add("last rotated", o.lastRotated.map(day))
        add("age", o.ageDays.map { "\($0) days" })
        add("groups", o.groups.joined(separator: ", "))
        add("inline policies", o.inlinePolicies.joined(separator: ", "))
        add("attached policies", o.attachedPolicies.joined(separator: ", "))
        add("flags", o.flags.joined(separator: ", "))
        add("workload", o.workload)
        add("team", o.team)
        add("contact", o.contact)
        return rows
    }

    /// The owner block as aligned text lines.
    public static func ownerText(_ owner: CredentialOwner) -> String {
        var out = "Owner\n"
        let width = facts(owner).map(\.0.count).max() ?? 0
        for (label, value) in facts(owner) {
            out += "  " + label + String(repeating: " ", count: width - label.count) + "  " + value + "\n"
        }
        return out
    }

    static func text(owner: CredentialOwner, advice: RotationAdvice) -> String {
        var out = ownerText(owner)
        out += "\nPlan: \(advice.summary)\n  role kind: \(advice.roleKind) (\(advice.reason))\n"
        for w in advice.warnings { out += "  ! \(w)\n" }
        for (n, step) in advice.steps.enumerated() {
            out += "\n\(n + 1). [\(step.phase)] \(step.title)\n   \(step.detail)\n"
            for c in step.commands { out += "     \(c)\n" }
        }
        for (title, body) in documents(advice) {
            out += "\n\(title):\n" + body.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n") + "\n"
        }
        return out
    }

    static func markdown(owner: CredentialOwner, advice: RotationAdvice) -> String {
        var out = "## Leaked AWS key \(owner.keyId)\n\n| | |\n|---|---|\n"
        for (label, value) in facts(owner) { out += "| \(label) | \(value.replacingOccurrences(of: "|", with: "\\|")) |\n" }
        out += "\n**Plan:** \(advice.summary).\n\n**Replacement:** `\(advice.roleKind)` — \(advice.reason).\n"
        if !advice.warnings.isEmpty {
            out += "\n" + advice.warnings.map { "> **Warning:** \($0)" }.joined(separator: "\n>\n") + "\n"
        }
        for phase in ["contain", "replace", "remove"] {
            let steps = advice.steps.filter { $0.phase == phase }
            guard !steps.isEmpty else { continue }
            out += "\n### \(phase.prefix(1).uppercased() + phase.dropFirst())\n"
            for step in steps {
                out += "\n- [ ] **\(step.title).** \(step.detail)\n"
                if !step.commands.isEmpty { out += "\n  ```sh\n" + step.commands.map { "  \($0)" }.joined(separator: "\n") + "\n  ```\n" }
            }
        }
        for (title, body) in documents(advice) {
            out += "\n### \(title)\n\n```json\n\(body)\n```\n"
        }
        return out
    }

    static func documents(_ advice: RotationAdvice) -> [(String, String)] {
        [("trust-policy.json", advice.trustPolicy), ("permission-policy.json", advice.permissionPolicy),
         ("boundary.json", advice.permissionsBoundary)].compactMap { title, body in body.map { (title, $0) } }
    }

    static func day(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withFullDate]
        return f.string(from: date)
    }
}
