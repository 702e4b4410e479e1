import Foundation
import KeysweepCore
import KeysweepMatch
import KeysweepAWS

/// Turns per-blob hits and their placements into findings: one per (rule, secret, path), with the
/// oldest introducing commit as the finding's commit and the newest as its last commit (by author
/// date; on equal dates the smaller, resp. larger, commit id, so that every run says the same).
struct FindingBuilder {
    let rules: CompiledRuleSet
    let suppression: Suppression

    private struct Key: Hashable { var rule: Int; var fingerprint: String; var path: String }

    private struct Group {
        var finding: Finding
        var commits: [String: Date] = [:]
        var firstDate: Date?
        var lastDate: Date?
        var anyReachable = false
    }

    func build(hits: [BlobID: [Hit]], placements: [BlobID: BlobPlacements]) -> [Finding] {
        var groups: [Key: Group] = [:]
        var order: [Key] = []
        for (blob, blobHits) in hits.sorted(by: { $0.key < $1.key }) {
            guard let where_ = placements[blob] else { continue }
            for hit in blobHits {
                let rule = rules.rules[hit.ruleIndex]
                let fp = Scanner.fingerprint(hit.secret)
                let paired = hit.pairedWith.map { Scanner.fingerprint(blobHits[$0].secret) }
                for p in where_.introductions {
                    guard rules.allowsLocation(hit, path: p.path, commit: p.commit?.id),
                          !suppression.suppresses(fingerprint: fp, rule: rule.id, path: p.path,
                                                  line: hit.line, commit: p.commit?.id) else { continue }
                    let key = Key(rule: hit.ruleIndex, fingerprint: fp, path: p.path)
                    if groups[key] == nil {
                        var f = Finding(rule: rule.id, description: rule.description, severity: rule.severity,
                                        confidence: rule.confidence, secret: hit.secret, fingerprint: fp,
                                        path: p.path, line: hit.line, column: hit.column)
                        f.snippet = hit.lineText
                        f.tags = rule.tags
                        f.entropy = (hit.entropy * 100).rounded() / 100
                        f.blob = blob.high == 0 && blob.mid == 0 ? nil : blob.hex
                        f.aws = AccessKeyID(hit.secret)?.facts
                        f.pairedWith = paired
                        f.decoded = hit.decoded
                        f.unreachable = true
                        groups[key] = Group(finding: f)
                        order.append(key)
                    }
                    var g = groups[key]!
                    if where_.headPaths.contains(p.path) { g.finding.presentAtHead = true }
                    if p.reachable { g.anyReachable = true }
                    if g.finding.pairedWith == nil { g.finding.pairedWith = paired }
                    if let c = p.commit {
                        g.commits[c.id] = c.date
                        if g.firstDate == nil || c.date < g.firstDate! || (c.date == g.firstDate! && c.id < g.finding.commit!) {
                            g.firstDate = c.date
                            g.finding.commit = c.id
                            g.finding.author = c.author
                            g.finding.email = c.email
                            g.finding.date = c.date
                            g.finding.message = c.summary
                            g.finding.line = hit.line
                            g.finding.column = hit.column
                            g.finding.snippet = hit.lineText
                            g.finding.blob = blob.hex
                        }
                        if g.lastDate == nil || c.date > g.lastDate! || (c.date == g.lastDate! && c.id > g.finding.lastCommit!) {
                            g.lastDate = c.date
                            g.finding.lastCommit = c.id
                        }
                    }
                    groups[key] = g
                }
            }
        }
        return order.map { key in
            var g = groups[key]!
            g.finding.occurrences = max(1, g.commits.count)
            g.finding.firstCommit = g.finding.commit
            g.finding.unreachable = !g.anyReachable
            return g.finding
        }
    }
}
