import Foundation
import Testing
import KeysweepTestSupport

/// A labelled corpus: a repository built here with planted secrets of many providers, in the
/// syntaxes people commit them in, spread over a history (added then deleted, moved, on a side
/// branch), and at least as many decoys. keysweep scans it like any repository; the test prints
/// precision and recall and holds them above a floor set just under what was measured.
@Suite struct LabeledCorpusTests {
    @Test func precisionAndRecallOnAPlantedHistory() throws {
        var rng = CorpusRandom(seed: 20_261_123)
        let planted = CorpusSecrets.all(&rng)
        let decoys = CorpusDecoys.all(&rng)
        let repo = try TestRepo()
        try buildHistory(repo, planted: planted, decoys: decoys, rng: &rng)

        let r = try Run.keysweep(["scan", repo.path, "--format", "json", "--no-redact", "--no-progress"])
        #expect(r.status == 1, "findings expected: \(r.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let findings = (doc["findings"] as? [[String: Any]]) ?? []
        let reported = Set(findings.compactMap { $0["secret"] as? String })
        let rules = Dictionary(findings.compactMap { f in (f["secret"] as? String).map { ($0, f["rule"] as? String ?? "?") } },
                               uniquingKeysWith: { a, _ in a })

        let labels = Set(planted.map(\.secret))
        let truePositives = labels.intersection(reported)
        let missed = planted.filter { !reported.contains($0.secret) }
        let falsePositives = reported.subtracting(labels)
        let decoyHits = falsePositives.filter { fp in decoys.contains { $0.text.contains(fp) } }
        let precision = Double(truePositives.count) / Double(max(1, reported.count))
        let recall = Double(truePositives.count) / Double(labels.count)
        let aws = planted.filter { $0.provider == "aws" }
        let awsRecall = Double(aws.filter { reported.contains($0.secret) }.count) / Double(aws.count)

        var table = "labelled corpus: \(labels.count) planted secrets of \(Set(planted.map(\.provider)).count) providers, "
            + "\(decoys.count) decoys\n"
        table += String(format: "precision %.1f%% (%d of %d reported values), recall %.1f%% (%d of %d), AWS recall %.1f%%\n",
                        100 * precision, truePositives.count, reported.count, 100 * recall, truePositives.count, labels.count,
                        100 * awsRecall)
        for p in missed { table += "  missed \(p.provider) in \(p.path): \(p.secret.prefix(24))…\n" }
        for fp in falsePositives.sorted() {
            table += "  false positive (\(decoyHits.contains(fp) ? "decoy" : "other")) by \(rules[fp] ?? "?"): \(fp.prefix(40))\n"
        }
        print(table)

        #expect(planted.count >= 50 && Set(planted.map(\.provider)).count >= 30)
        #expect(decoys.count >= planted.count, "at least as many decoys as secrets")
        #expect(awsRecall == 1.0, "\(table)")
        #expect(recall >= 0.95, "\(table)")
        #expect(precision >= 0.95, "\(table)")
        #expect(decoyHits.isEmpty, "\(table)")
    }

    /// Planted and decoy files land in commits of their own, in a shuffled order, among ordinary
    /// files; a third of the planted files are deleted later (found only in history), some are
    /// moved, and some live only on a side branch.
    func buildHistory(_ repo: TestRepo, planted: [Planted], decoys: [Decoy], rng: inout CorpusRandom) throws {
        var files: [(path: String, text: String, planted: Bool)] = []
        var byPath: [String: String] = [:]
        for p in planted where !p.text.isEmpty { byPath[p.path, default: ""] += p.text }
        for d in decoys where !d.text.isEmpty { byPath[d.path, default: ""] += d.text }
        let plantedPaths = Set(planted.map(\.path))
        for (path, text) in byPath.sorted(by: { $0.key < $1.key }) { files.append((path, text, plantedPaths.contains(path))) }
        for i in files.indices.reversed() { files.swapAt(i, rng.int(i + 1)) }

        try repo.write("README.md", "# acme\n\nInternal tools.\n")
        try repo.commit("initial commit")
        var removable: [String] = []
        for (n, file) in files.enumerated() {
            try repo.write("src/module\(n).py", "def handler_\(n)(event):\n    return {\"status\": \(n)}\n")
            if file.planted && n % 7 == 3 { continue }  // planted on the side branch below
            try repo.write(file.path, file.text)
            try repo.commit("add \(file.path)")
            if file.planted, n % 3 == 0 { removable.append(file.path) }
        }
        for (i, path) in removable.enumerated() {
            if i % 2 == 0 {
                try repo.git(["rm", "-q", path])
                try repo.commit("remove \(path): credentials do not belong in git")
            } else {
                try FileManager.default.createDirectory(atPath: repo.path + "/archive", withIntermediateDirectories: true)
                try repo.git(["mv", path, "archive/" + (path as NSString).lastPathComponent + ".old"])
                try repo.commit("archive \(path)")
            }
        }
        try repo.git(["checkout", "-q", "-b", "experiment"])
        for (n, file) in files.enumerated() where file.planted && n % 7 == 3 {
            try repo.write(file.path, file.text)
            try repo.commit("wip: \(file.path)")
        }
        try repo.git(["checkout", "-q", "main"])
    }
}
