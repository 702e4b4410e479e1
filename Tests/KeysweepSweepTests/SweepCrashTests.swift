import Foundation
import Testing
import KeysweepTestSupport

/// Crash safety and overlap: a sweep SIGKILLed mid-run loses and repeats nothing; a second sweep
/// started while one runs leaves the state alone and says why.
@Suite(.serialized)
struct SweepCrashTests {
    static func fixture() throws -> SweepFixture {
        let f = try SweepFixture()
        try f.addRepo(file: "a.env", content: "AWS_ACCESS_KEY_ID=\(Secrets.awsKeyA)\nAWS_SECRET_ACCESS_KEY=\(Secrets.awsSecretA)\n")
        try f.addRepo(file: "b.txt", content: "GITHUB_TOKEN=\(Secrets.githubPAT)\n", url: true)
        try f.addRepo(file: "c.txt", content: "key_id: \(Secrets.awsKeyB)\n")
        try f.addRepo(file: "d.txt", content: "legacy = \(Secrets.awsKeyC)\n", url: true)
        return f
    }

    /// The findings a clean sweep of a fresh copy of the same repositories reports.
    static func expectedKeys(_ f: SweepFixture) throws -> Set<String> {
        let state = f.root + "/reference.sqlite"
        let r = try Run.keysweep(["sweep", "--state", state, "--cache", f.root + "/reference-cache", "--format", "jsonl"]
                                 + f.locations.flatMap { ["--repo", $0] }, env: f.env)
        #expect(r.status == 1, "\(r.stderr)")
        return Set(SweepRun(result: r).keys)
    }

    @Test(arguments: [1, 2, 3])
    func killedAfterSomeRepositoriesTheNextRunReportsEveryFindingExactlyOnce(pauseAfter: Int) throws {
        let f = try Self.fixture()
        let expected = try Self.expectedKeys(f)
        #expect(expected.count >= 4)

        let (process, out, err) = try f.start(["--jobs", "1"], env: ["KEYSWEEP_SWEEP_TEST_PAUSE_AFTER": "\(pauseAfter)"])
        #expect(SweepFixture.waitFor("test pause after \(pauseAfter) repositories", in: err))
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        let killedOutput = try String(contentsOfFile: out, encoding: .utf8)
        #expect(killedOutput.isEmpty, "a killed sweep reported nothing yet")

        let next = try f.sweep()
        #expect(next.status == 1, "\(next.result.stderr)")
        #expect(next.keys.count == Set(next.keys).count, "a finding reported twice")
        #expect(Set(next.keys) == expected)

        let after = try f.sweep()
        #expect(after.status == 0)
        #expect(after.findings.isEmpty)
    }

    @Test func locksLeftByAFetchKilledMidwayDoNotBreakTheMirror() throws {
        let f = try Self.fixture()
        #expect(try f.sweep().status == 1)
        let mirrors = try FileManager.default.contentsOfDirectory(atPath: f.cache)
        #expect(mirrors.count == 2)
        for m in mirrors {
            for lock in ["packed-refs.lock", "config.lock", "refs/heads/main.lock"] {
                FileManager.default.createFile(atPath: f.cache + "/" + m + "/" + lock, contents: Data())
            }
        }
        try f.repos[1].write("new.txt", "token: \(Secrets.awsKeyC)\n")
        try f.repos[1].commit("new key")
        let run = try f.sweep()
        #expect(run.status == 1, "\(run.result.stderr)")
        #expect(run.findings.count == 1)
    }

    @Test func aSecondSweepWhileOneRunsExitsWithAClearMessage() throws {
        let f = try Self.fixture()
        let (process, _, err) = try f.start(["--jobs", "1"], env: ["KEYSWEEP_SWEEP_TEST_PAUSE_AFTER": "1"])
        defer {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        #expect(SweepFixture.waitFor("test pause after 1 repositories", in: err))
        let second = try f.sweep()
        #expect(second.status == 2)
        #expect(second.result.stderr.contains("another sweep is running"), "\(second.result.stderr)")
        #expect(second.result.stderr.contains("pid \(process.processIdentifier)"))
        #expect(second.findings.isEmpty)
    }
}
