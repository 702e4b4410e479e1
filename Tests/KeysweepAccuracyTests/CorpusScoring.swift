import Foundation

/// A finding as the JSON report gives it.
struct Reported: Sendable {
    let rule: String
    let secret: String
    let path: String
}

/// Precision and recall of a scan against the corpus labels.
///
/// Values are compared after removing whitespace, literal `\n` escapes and `" + "` joins (a PEM
/// key in a JSON string or in Java string concatenation is the same key). A planted secret is found
/// when some reported value equals it, contains it, or (if at least 20 characters long) is contained
/// in it. Counted over distinct values: precision = reported values that are planted secrets /
/// reported values; recall = planted secrets found / planted secrets.
struct Scorecard {
    struct Value {
        let normalized: String
        var sample: String
        var rules: Set<String> = []
        var paths: Set<String> = []
        var planted: [Int] = []
        var decoy: Decoy?
    }

    struct Group {
        var total = 0, found = 0, foundByOwnRule = 0
        var recall: Double { total == 0 ? 1 : Double(found) / Double(total) }
        var ownRecall: Double { total == 0 ? 1 : Double(foundByOwnRule) / Double(total) }
    }

    let planted: [Planted]
    let decoys: [Decoy]
    private(set) var values: [Value] = []
    /// Per planted secret, the rules that reported it.
    private(set) var foundBy: [Set<String>]

    static func normalize(_ s: String) -> String {
        s.replacingOccurrences(of: "\\n", with: "").filter { !$0.isWhitespace }.replacingOccurrences(of: "\"+\"", with: "")
    }

    static func matches(found f: String, planted p: String) -> Bool {
        f == p || f.contains(p) || (f.count >= 20 && p.contains(f))
    }

    init(planted: [Planted], decoys: [Decoy], reported: [Reported]) {
        self.planted = planted
        self.decoys = decoys
        foundBy = Array(repeating: [], count: planted.count)
        let plantedNorm = planted.map { Self.normalize($0.value) }
        let decoyNorm = decoys.map { Self.normalize($0.value) }
        var index: [String: Int] = [:]
        for r in reported {
            let n = Self.normalize(r.secret)
            let i: Int
            if let existing = index[n] { i = existing } else {
                i = values.count
                index[n] = i
                var v = Value(normalized: n, sample: r.secret)
                v.planted = plantedNorm.indices.filter { Self.matches(found: n, planted: plantedNorm[$0]) }
                if v.planted.isEmpty, let d = decoyNorm.indices.first(where: {
                    decoyNorm[$0] == n || (n.count >= 6 && decoyNorm[$0].contains(n)) || (decoyNorm[$0].count >= 6 && n.contains(decoyNorm[$0]))
                }) { v.decoy = decoys[d] }
                values.append(v)
            }
            values[i].rules.insert(r.rule)
            values[i].paths.insert(r.path)
            for p in values[i].planted { foundBy[p].insert(r.rule) }
        }
    }

    var truePositiveValues: Int { values.filter { !$0.planted.isEmpty }.count }
    var falsePositives: [Value] { values.filter { $0.planted.isEmpty } }
    var falseNegatives: [Int] { planted.indices.filter { foundBy[$0].isEmpty } }
    var found: Int { foundBy.filter { !$0.isEmpty }.count }
    var precision: Double { values.isEmpty ? 0 : Double(truePositiveValues) / Double(values.count) }
    var recall: Double { planted.isEmpty ? 0 : Double(found) / Double(planted.count) }

    func groups(by key: (Planted) -> String) -> [(String, Group)] {
        var g: [String: Group] = [:]
        for (i, p) in planted.enumerated() {
            g[key(p), default: Group()].total += 1
            if !foundBy[i].isEmpty { g[key(p), default: Group()].found += 1 }
            if !foundBy[i].isDisjoint(with: p.kind.rules) { g[key(p), default: Group()].foundByOwnRule += 1 }
        }
        return g.sorted { $0.key < $1.key }
    }

    /// Reported values from AWS rules that are not planted secrets.
    var awsFalsePositives: [Value] { falsePositives.filter { $0.rules.contains { $0.hasPrefix("aws-") } } }

    // MARK: report

    static func pct(_ x: Double) -> String { String(format: "%5.1f%%", x * 100) }
    static func short(_ s: String) -> String {
        let flat = s.replacingOccurrences(of: "\n", with: "⏎")
        return flat.count <= 24 ? flat : String(flat.prefix(18)) + "…" + String(flat.suffix(4))
    }
    static func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }

    func table(commits: Int, providers: Int) -> String {
        var out = "\n=== keysweep labeled corpus: \(planted.count) planted secrets (\(Set(planted.map(\.kind.id)).count) kinds, \(providers) providers), "
            + "\(Set(decoys.map(\.value)).count) decoys, \(commits) commits ===\n"
        out += "reported values: \(values.count)  true: \(truePositiveValues)  false: \(falsePositives.count) "
            + "(decoys: \(falsePositives.filter { $0.decoy != nil }.count))\n"
        out += "precision \(Self.pct(precision))   recall \(Self.pct(recall)) (\(found)/\(planted.count))\n"
        let aws = groups { $0.kind.family == "aws" ? "aws" : "-" }.first { $0.0 == "aws" }?.1 ?? Group()
        out += "AWS: recall \(Self.pct(aws.recall)) (\(aws.found)/\(aws.total)), false positives from aws-* rules: \(awsFalsePositives.count)\n"
        out += "\nper family (rule file)        planted  found  recall  by own rules\n"
        for (name, g) in groups(by: { $0.kind.family }) {
            out += "  " + Self.pad(name, 28) + String(format: "%7d %6d ", g.total, g.found) + Self.pct(g.recall) + "  " + Self.pct(g.ownRecall) + "\n"
        }
        out += "\nper provider                  planted  found  recall\n"
        for (name, g) in groups(by: { $0.kind.provider }) {
            out += "  " + Self.pad(name, 28) + String(format: "%7d %6d ", g.total, g.found) + Self.pct(g.recall) + "\n"
        }
        out += "\nper syntax with a miss\n"
        for (name, g) in groups(by: { $0.syntax }) where g.found < g.total {
            out += "  " + Self.pad(name, 40) + " \(g.found)/\(g.total)\n"
        }
        out += "\nfalse negatives (\(falseNegatives.count)): kind [expected rules] syntax, history, path\n"
        for i in falseNegatives {
            let p = planted[i]
            out += "  \(p.kind.id) [\(p.kind.rules.joined(separator: ","))] \(p.syntax), \(p.history), \(p.paths.joined(separator: " -> ")): \(Self.short(p.value))\n"
        }
        let reportedByOther = planted.indices.filter { !foundBy[$0].isEmpty && foundBy[$0].isDisjoint(with: planted[$0].kind.rules) }
        out += "\nfound only by another rule than expected (\(reportedByOther.count))\n"
        for i in reportedByOther {
            out += "  \(planted[i].kind.id) (\(planted[i].syntax)) reported by \(foundBy[i].sorted().joined(separator: ","))\n"
        }
        out += "\nfalse positives (\(falsePositives.count)): rules, value, class, paths\n"
        for v in falsePositives.sorted(by: { $0.rules.sorted().first ?? "" < $1.rules.sorted().first ?? "" }) {
            let cls = v.decoy.map { "decoy: \($0.kind)" } ?? "unlabeled"
            out += "  \(v.rules.sorted().joined(separator: ",")): \(Self.short(v.sample)) [\(cls)] \(v.paths.sorted().joined(separator: " "))\n"
        }
        return out
    }
}
