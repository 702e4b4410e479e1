import Foundation
import KeysweepCore
import KeysweepReport
import KeysweepTestSupport
import Testing

/// `keysweep report`, run as the built binary: a real repository is scanned once to JSON, and every
/// format re-rendered from that file must equal the library's rendering of the same report.
@Suite(.serialized) struct ReportCommandTests {
    /// A scanned repository with an AWS key pair committed, its JSON report on disk.
    struct Scanned {
        let repo: TestRepo
        let dir: String
        let json: String

        init() throws {
            repo = try TestRepo()
            try repo.write("config/prod.env", "aws_access_key_id = \(Secrets.awsKeyA)\naws_secret_access_key = \(Secrets.awsSecretA)\n")
            try repo.commit("Add prod config")
            dir = try TempDir.make("keysweep-report")
            json = (dir as NSString).appendingPathComponent("scan.json")
            let scan = try Run.keysweep(["scan", "--no-progress", "--format", "json", "--output", json, repo.path])
            #expect(scan.status == 1, "scan: \(scan.stderr)")
        }

        var report: ScanReport {
            get throws {
                try JSONReport.decoder().decode(ScanReport.self, from: Data(contentsOf: URL(fileURLWithPath: json)))
            }
        }
    }

    @Test func everyFormatMatchesTheLibrary() throws {
        let scanned = try Scanned()
        defer { try? FileManager.default.removeItem(atPath: scanned.dir) }
        let report = try scanned.report
        #expect(report.findings.count == 2)
        for format in ReportFormat.allCases {
            let run = try Run.keysweep(["report", scanned.json, "--format", format.rawValue])
            #expect(run.status == 0, "\(format): \(run.stderr)")
            let expected = format.render(report.redacted(), options: RenderOptions(tool: ToolInfo(report: report)))
            #expect(run.stdout == expected, "keysweep report --format \(format.rawValue) differs from the library")
            #expect(!run.stdout.contains(Secrets.awsSecretA), "\(format) shows the secret")
        }
    }

    @Test func formatFollowsTheOutputExtension() throws {
        let scanned = try Scanned()
        defer { try? FileManager.default.removeItem(atPath: scanned.dir) }
        let sarif = (scanned.dir as NSString).appendingPathComponent("scan.sarif")
        let run = try Run.keysweep(["report", scanned.json, "--output", sarif])
        #expect(run.status == 0, "\(run.stderr)")
        let written = try String(contentsOfFile: sarif, encoding: .utf8)
        #expect(written.contains("\"version\" : \"2.1.0\""))
        let mode = try FileManager.default.attributesOfItem(atPath: sarif)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func readsStandardInputAndHonoursExitCode() throws {
        let scanned = try Scanned()
        defer { try? FileManager.default.removeItem(atPath: scanned.dir) }
        let text = try String(contentsOfFile: scanned.json, encoding: .utf8)
        let run = try Run.keysweep(["report", "-", "--format", "jsonl", "--exit-code", "3"], stdin: text)
        #expect(run.status == 3)
        #expect(run.stdout.split(separator: "\n").count == 2)
    }

    @Test(arguments: [
        ("missing.json", nil, "no report at"),
        ("-", "not json at all", "is not JSON"),
        ("-", "{\"version\": 2, \"findings\": []}", "has version 2"),
        ("-", "{\"version\": 1, \"findings\": [{}]}", "is not a keysweep JSON report"),
    ] as [(String, String?, String)])
    func badInputIsOneLineAndExitTwo(_ file: String, _ stdin: String?, _ expected: String) throws {
        let dir = try TempDir.make("keysweep-report-bad")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let run = try Run.keysweep(["report", file == "-" ? "-" : (dir as NSString).appendingPathComponent(file)], stdin: stdin)
        #expect(run.status == 2)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.hasPrefix("keysweep: "))
        #expect(run.stderr.contains(expected), "stderr: \(run.stderr)")
        #expect(run.stderr.split(separator: "\n").count == 1)
    }

    @Test func unknownFormatIsRefused() throws {
        let run = try Run.keysweep(["report", "x.json", "--format", "xml"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("unknown format 'xml'"))
    }
}
