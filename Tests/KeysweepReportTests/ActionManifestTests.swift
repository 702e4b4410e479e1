import Foundation
import KeysweepTestSupport
import Testing

/// `action.yml` is a valid composite action, the README/docs example uses it as it is declared,
/// and its scan step, run for real against a repository with a planted key, scans the range each
/// event calls for and hands SARIF, a summary and the finding count to the steps after it.
@Suite(.serialized) struct ActionManifestTests {
    static let action = Tools.packageFile("action.yml")
    static let docs = Tools.packageFile("docs/integrations.md")

    /// Runs a Python check that prints one problem a line; fails the test with them.
    func check(_ program: String, _ arguments: [String]) throws {
        guard let result = try Tools.python(program, arguments) else {
            Issue.record("python3 is missing: action.yml cannot be checked (install Python 3, then scripts/test-deps)")
            return
        }
        #expect(result.status == 0 && result.stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty,
                "\(result.stdout)\(result.stderr.isEmpty ? "" : "\n" + result.stderr)(PyYAML missing? run scripts/test-deps)")
    }

    @Test func isAValidCompositeAction() throws {
        try check("""
            import sys, yaml
            a = yaml.safe_load(open(sys.argv[1]))
            p = []
            for key in ("name", "description", "inputs", "outputs", "runs"):
                if key not in a: p.append("missing top-level " + key)
            runs = a.get("runs", {})
            if runs.get("using") != "composite": p.append("runs.using is not composite")
            steps = runs.get("steps", [])
            ids = {s.get("id") for s in steps}
            for name, i in a.get("inputs", {}).items():
                if not i.get("description"): p.append("input %s has no description" % name)
                if "default" in i and not isinstance(i["default"], str): p.append("input %s default is not a string" % name)
            for name, o in a.get("outputs", {}).items():
                v = o.get("value", "")
                if "steps." not in v: p.append("output %s has no steps.* value" % name)
                elif v.split("steps.")[1].split(".")[0] not in ids: p.append("output %s names an unknown step" % name)
            for s in steps:
                if "run" in s and "shell" not in s: p.append("run step %r has no shell" % s.get("name"))
                if "run" in s and "${{" in s["run"]: p.append("run step %r expands ${{ }} inline (use env)" % s.get("name"))
                if "uses" not in s and "run" not in s: p.append("step %r neither runs nor uses" % s.get("name"))
            uses = [s["uses"] for s in steps if "uses" in s]
            if not any(u.startswith("github/codeql-action/upload-sarif@") for u in uses): p.append("no upload-sarif step")
            if not any("exit 1" in s.get("run", "") for s in steps): p.append("no step fails the job on findings")
            print("\\n".join(p))
            """, [Self.action])
    }

    @Test func docsExampleMatchesTheAction() throws {
        let scanHelp = try Run.keysweep(["scan", "--help"]).stdout
        let reportHelp = try Run.keysweep(["report", "--help"]).stdout
        let dir = try TempDir.make("keysweep-docs")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let scanFile = (dir as NSString).appendingPathComponent("scan.txt")
        let reportFile = (dir as NSString).appendingPathComponent("report.txt")
        try scanHelp.write(toFile: scanFile, atomically: true, encoding: .utf8)
        try reportHelp.write(toFile: reportFile, atomically: true, encoding: .utf8)
        #expect(scanHelp.contains("--rev") && reportHelp.contains("--format"))
        try check("""
            import re, sys, yaml
            action = yaml.safe_load(open(sys.argv[1]))
            text = open(sys.argv[2]).read()
            helps = {"scan": open(sys.argv[3]).read(), "report": open(sys.argv[4]).read()}
            p = []
            blocks = re.findall(r"```(\\w*)\\n(.*?)```", text, re.S)
            yamls = [yaml.safe_load(b) for lang, b in blocks if lang == "yaml"]
            workflows = [y for y in yamls if isinstance(y, dict) and "jobs" in y]
            if len(workflows) != 1: p.append("expected one GitHub workflow example, found %d" % len(workflows))
            inputs = action["inputs"]
            for wf in workflows:
                perms = wf.get("permissions", {})
                if perms.get("security-events") != "write": p.append("workflow lacks security-events: write")
                steps = [s for job in wf["jobs"].values() for s in job["steps"]]
                ours = [s for s in steps if s.get("uses", "").startswith("keysweep/keysweep@")]
                if len(ours) != 1: p.append("workflow does not use keysweep/keysweep@ exactly once")
                for s in ours:
                    for key in s.get("with", {}):
                        if key not in inputs: p.append("example passes unknown input " + key)
                for s in steps:
                    if s.get("uses", "").startswith("actions/checkout@") and s.get("with", {}).get("fetch-depth") != 0:
                        p.append("checkout in the example does not fetch the whole history (fetch-depth: 0)")
            rows = dict(re.findall(r"^\\| `([a-z-]+)` \\|\\s*`?([^|`]*?)`?\\s*\\| ", text.split("## GitHub Actions")[1].split("## GitLab CI")[0], re.M))
            if set(rows) != set(inputs): p.append("inputs table %s != action inputs %s" % (sorted(rows), sorted(inputs)))
            for name, default in rows.items():
                if name in inputs and inputs[name].get("default", "") != default.strip():
                    p.append("input %s: docs say default %r, action.yml %r" % (name, default.strip(), inputs[name].get("default")))
            for name in action["outputs"]:
                if "`%s`" % name not in text: p.append("output %s is not documented" % name)
            gitlab = [y for y in yamls if isinstance(y, dict) and "keysweep" in y and "script" in y.get("keysweep", {})]
            if len(gitlab) != 1: p.append("expected one GitLab CI job example")
            for lang, b in blocks:
                for line in b.splitlines():
                    m = re.search(r"(?:keysweep|\\$ks) (scan|report)\\b(.*)", line)
                    if not m: continue
                    for flag in re.findall(r"(?<![\\w-])(--[a-z][a-z-]*)", m.group(2)):
                        if flag not in helps[m.group(1)]: p.append("docs use %s with `keysweep %s`, which has no such option" % (flag, m.group(1)))
            print("\\n".join(p))
            """, [Self.action, Self.docs, scanFile, reportFile])
    }

    // MARK: The scan step, run for real

    /// A repository whose second commit plants an AWS key pair and whose third changes another file.
    struct Pushed {
        let repo: TestRepo
        let clean: String, planted: String, later: String

        init() throws {
            repo = try TestRepo()
            try repo.write("README.md", "hello\n")
            clean = try repo.commit("Initial commit")
            try repo.write("deploy/env.sh", "export AWS_ACCESS_KEY_ID=\(Secrets.awsKeyA)\nexport AWS_SECRET_ACCESS_KEY=\(Secrets.awsSecretA)\n")
            planted = try repo.commit("Add deploy script")
            try repo.write("README.md", "hello again\n")
            later = try repo.commit("Update README")
        }
    }

    struct StepResult {
        var status: Int32
        var log: String
        var outputs: [String: String]
        var summary: String
    }

    /// Runs the action's scan step in bash as the runner would: GITHUB_ACTION_PATH holds a
    /// `scripts/keysweep` and `.build/release/keysweep` that are the binary under test.
    func runScanStep(_ pushed: Pushed, env: [String: String]) throws -> StepResult {
        let dir = try TempDir.make("keysweep-action")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let actionPath = (dir as NSString).appendingPathComponent("action")
        let fm = FileManager.default
        try fm.createDirectory(atPath: actionPath + "/scripts", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: actionPath + "/.build/release", withIntermediateDirectories: true)
        try "#!/bin/sh\nexec '\(Run.keysweepBinary)' \"$@\"\n".write(toFile: actionPath + "/scripts/keysweep", atomically: true, encoding: .utf8)
        try fm.setAttributes([.posixPermissions: 0o755], ofItemAtPath: actionPath + "/scripts/keysweep")
        try fm.createSymbolicLink(atPath: actionPath + "/.build/release/keysweep", withDestinationPath: Run.keysweepBinary)
        let script = (dir as NSString).appendingPathComponent("scan.sh")
        guard let extracted = try Tools.python("""
            import sys, yaml
            steps = yaml.safe_load(open(sys.argv[1]))["runs"]["steps"]
            step = [s for s in steps if s.get("id") == "scan"][0]
            open(sys.argv[2], "w").write(step["run"])
            print(" ".join(sorted(step["env"])))
            """, [Self.action, script]), extracted.status == 0 else {
            throw ActionError.noScanStep
        }
        let declared = Set(extracted.stdout.split(whereSeparator: \.isWhitespace).map(String.init))
        let runner = (dir as NSString).appendingPathComponent("runner")
        try fm.createDirectory(atPath: runner, withIntermediateDirectories: true)
        let outputFile = runner + "/output", summaryFile = runner + "/summary"
        _ = fm.createFile(atPath: outputFile, contents: nil)
        _ = fm.createFile(atPath: summaryFile, contents: nil)
        var stepEnv = ["KS_PATH": ".", "KS_REV": "auto", "KS_ARGS": "", "KS_SUMMARY": "true",
                       "KS_PUSH_BEFORE": "", "KS_PUSH_AFTER": pushed.later, "KS_PR_BASE": "", "KS_PR_HEAD": ""]
        stepEnv.merge(env) { $1 }
        #expect(Set(stepEnv.keys) == declared, "the test's step environment differs from action.yml's")
        stepEnv.merge(["GITHUB_ACTION_PATH": actionPath, "RUNNER_TEMP": runner, "GITHUB_OUTPUT": outputFile,
                       "GITHUB_STEP_SUMMARY": summaryFile, "NO_COLOR": "1"]) { $1 }
        stepEnv.merge(TestRepo.gitEnv) { $1 }
        let run = try Run.process("/bin/bash", ["-e", script], cwd: pushed.repo.path, env: stepEnv)
        var outputs: [String: String] = [:]
        for line in try String(contentsOfFile: outputFile, encoding: .utf8).split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 { outputs[parts[0]] = parts[1] }
        }
        if let sarif = outputs["sarif-file"] {
            #expect(fm.fileExists(atPath: sarif))
            let data = try Data(contentsOf: URL(fileURLWithPath: sarif))
            let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
            #expect(object?["version"] as? String == "2.1.0")
        }
        return StepResult(status: run.status, log: run.stdout + run.stderr, outputs: outputs,
                          summary: try String(contentsOfFile: summaryFile, encoding: .utf8))
    }

    @Test func pushScansOnlyThePushedRange() throws {
        let pushed = try Pushed()
        let quiet = try runScanStep(pushed, env: ["KS_EVENT": "push", "KS_PUSH_BEFORE": pushed.planted])
        #expect(quiet.status == 0, "\(quiet.log)")
        #expect(quiet.outputs["findings"] == "0")
        #expect(quiet.log.contains("scanning \(pushed.planted)..\(pushed.later)"))
        #expect(quiet.summary.contains("## keysweep: no secrets found"))

        let leaky = try runScanStep(pushed, env: ["KS_EVENT": "push", "KS_PUSH_BEFORE": pushed.clean])
        #expect(leaky.status == 0, "\(leaky.log)")
        #expect(leaky.outputs["findings"] == "2")
        #expect(leaky.log.contains("aws-access-key-id"))
        #expect(!leaky.log.contains(Secrets.awsSecretA))
        #expect(leaky.summary.contains("## keysweep: 2 secrets found"))
    }

    @Test func newBranchAndPullRequestAndSchedule() throws {
        let pushed = try Pushed()
        let zero = String(repeating: "0", count: 40)
        let newBranch = try runScanStep(pushed, env: ["KS_EVENT": "push", "KS_PUSH_BEFORE": zero])
        #expect(newBranch.outputs["findings"] == "2", "\(newBranch.log)")
        #expect(newBranch.log.contains("scanning \(pushed.later) of ."))

        let pr = try runScanStep(pushed, env: ["KS_EVENT": "pull_request", "KS_PR_BASE": pushed.clean,
                                               "KS_PR_HEAD": pushed.later])
        #expect(pr.outputs["findings"] == "2", "\(pr.log)")
        #expect(pr.log.contains("scanning \(pushed.clean)..\(pushed.later)"))

        let scheduled = try runScanStep(pushed, env: ["KS_EVENT": "schedule", "KS_SUMMARY": "false"])
        #expect(scheduled.outputs["findings"] == "2", "\(scheduled.log)")
        #expect(scheduled.log.contains("scanning the whole history"))
        #expect(scheduled.summary.isEmpty)
    }

    @Test func aScanErrorStopsTheStep() throws {
        let pushed = try Pushed()
        let result = try runScanStep(pushed, env: ["KS_EVENT": "push", "KS_REV": "no-such-rev..HEAD"])
        #expect(result.status == 2, "\(result.log)")
        #expect(result.log.contains("::error::keysweep could not scan"))
        #expect(result.outputs["findings"] == nil)
    }
}

/// The action could not be prepared for a run.
enum ActionError: Error {
    case noScanStep
}
