import Foundation
import Testing
import KeysweepTestSupport

/// Precision and recall of the built binary on a generated, labeled git history: planted secrets of
/// many providers in the syntaxes people write them in, spread over a few hundred commits (some
/// deleted, moved, rotated out, or only on an unmerged branch), among at least as many decoys.
///
/// The table goes to stdout for CI logs. To measure another rule file against the same corpus:
/// `KEYSWEEP_ACCURACY_CONFIG=rules.toml swift test --skip-build --filter KeysweepAccuracyTests`.
/// To keep the generated repository for a look at a miss: `KEYSWEEP_ACCURACY_KEEP=/tmp/corpus` (a
/// path that does not exist yet).
@Suite struct LabeledCorpusTests {
    static let seed: UInt64 = 0x6B65_7973_7765_6570   // "keysweep"

    // Thresholds: just below what the built-in catalogue measured (see README, "Accuracy").
    static let minPrecision = 0.97
    static let minRecall = 0.97
    /// Each rule file must find most of the secrets planted for it with its own rules, so that
    /// losing a rule file (or most of one) fails the test even where generic rules would still
    /// catch some of the values.
    static let minFamilyOwnRecall = 0.75

    @Test func precisionAndRecallOnAGeneratedHistory() throws {
        let plan = CorpusPlan.make(seed: Self.seed)
        let providers = Set(plan.planted.map(\.kind.provider)).subtracting(["generic"]).count
        #expect(plan.planted.count >= 150)
        #expect(providers >= 40)
        #expect(Set(plan.decoys.map(\.value)).count >= Set(plan.planted.map(\.value)).count)
        #expect(plan.commitCount >= 200)

        let repo: TestRepo
        if let keep = ProcessInfo.processInfo.environment["KEYSWEEP_ACCURACY_KEEP"] {
            try FileManager.default.createDirectory(atPath: keep, withIntermediateDirectories: false)
            repo = TestRepo(existing: keep)
            try repo.git(["init", "-q", "-b", "main"])
        } else {
            repo = try TestRepo()
        }
        try plan.materialise(in: repo)

        var args = ["scan", repo.path, "--format", "json", "--no-redact", "--no-progress", "--no-repo-config"]
        if let config = ProcessInfo.processInfo.environment["KEYSWEEP_ACCURACY_CONFIG"] { args += ["--config", config] }
        let run = try Run.keysweep(args)
        #expect(run.status == 1, "exit \(run.status): \(run.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let findings = try #require(json["findings"] as? [[String: Any]])
        let reported = findings.compactMap { f -> Reported? in
            guard let rule = f["rule"] as? String, let secret = f["secret"] as? String else { return nil }
            return Reported(rule: rule, secret: secret, path: f["path"] as? String ?? "")
        }
        let stats = json["stats"] as? [String: Any]
        #expect(stats?["commits"] as? Int == plan.commitCount, "the scan walked every commit, on both branches")

        let card = Scorecard(planted: plan.planted, decoys: plan.decoys, reported: reported)
        print(card.table(commits: plan.commitCount, providers: providers))

        #expect(card.precision >= Self.minPrecision, "precision \(card.precision)")
        #expect(card.recall >= Self.minRecall, "recall \(card.recall)")
        let aws = card.groups { $0.kind.family == "aws" ? "aws" : "other" }.first { $0.0 == "aws" }!.1
        #expect(aws.total >= 50)
        #expect(aws.found == aws.total, "AWS recall \(aws.found)/\(aws.total)")
        #expect(card.awsFalsePositives.isEmpty, "AWS rules reported \(card.awsFalsePositives.map { Scorecard.short($0.sample) })")
        for (family, g) in card.groups(by: { $0.kind.family }) {
            #expect(g.ownRecall >= Self.minFamilyOwnRecall, "\(family): \(g.foundByOwnRule)/\(g.total) found by its own rules")
        }
    }

    @Test func corpusIsDeterministic() {
        let a = CorpusPlan.make(seed: Self.seed), b = CorpusPlan.make(seed: Self.seed)
        #expect(a.planted.map(\.value) == b.planted.map(\.value))
        #expect(a.decoys.map(\.value) == b.decoys.map(\.value))
        #expect(a.commitCount == b.commitCount)
        #expect(CorpusPlan.make(seed: Self.seed + 1).planted.map(\.value) != a.planted.map(\.value))
    }

    /// The scoring itself: a missed secret is a false negative, a reported decoy a false positive of
    /// class "decoy", anything else reported a false positive of class "unlabeled".
    @Test func scorecardCountsMissesAndFalseAlarms() {
        let kind = Kinds.keyValue[0]
        let planted = [Planted(kind: kind, value: "alpha-1234567890-secret-value-one", paths: ["a"], syntax: "t"),
                       Planted(kind: kind, value: "beta-1234567890-secret-value-two", paths: ["b"], syntax: "t")]
        let decoys = [Decoy(kind: "placeholder", value: "your-api-key-here", path: "c")]
        let card = Scorecard(planted: planted, decoys: decoys, reported: [
            Reported(rule: kind.rules[0], secret: "alpha-1234567890-secret-value-one", path: "a"),
            Reported(rule: "generic-secret-quoted", secret: "your-api-key-here", path: "c"),
            Reported(rule: "generic-secret-quoted", secret: "something-else-entirely", path: "d"),
        ])
        #expect(card.found == 1)
        #expect(card.falseNegatives == [1])
        #expect(card.recall == 0.5)
        #expect(card.falsePositives.count == 2)
        #expect(card.falsePositives.filter { $0.decoy != nil }.count == 1)
        #expect(abs(card.precision - 1.0 / 3.0) < 1e-9)
        // A PEM key reported with its JSON escapes matches the planted key.
        let pem = Planted(kind: Special.rsaPEM, value: "-----BEGIN KEY-----\nAAAA\nBBBB\n-----END KEY-----", paths: ["k"], syntax: "t")
        let escaped = Scorecard(planted: [pem], decoys: [], reported: [Reported(rule: "private-key-other", secret: "-----BEGIN KEY-----\\nAAAA\\nBBBB\\n-----END KEY-----", path: "k")])
        #expect(escaped.found == 1)
    }
}
