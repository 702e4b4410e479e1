import Foundation
import ArgumentParser
import KeysweepCore
import KeysweepReport

/// `keysweep report FILE --format F`: re-renders a JSON report saved by `keysweep scan --format json`
/// in another format, without scanning again. A CI job scans once and then writes SARIF for code
/// scanning, text for the log and markdown for a comment from the same result.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Re-render a saved JSON report in another format, without scanning again.",
        discussion: """
        Formats:
        \(ReportFormat.allCases.map { "  \($0.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) \($0.summary)" }.joined(separator: "\n"))

        Without --format, the format follows the extension of --output (.sarif, .csv, .jsonl, .md, \
        .json, .txt), else text.

        Example:
          keysweep scan --format json --output scan.json .
          keysweep report scan.json --output scan.sarif
          keysweep report scan.json --format markdown

        Secrets stay redacted unless --no-redact is given (and the saved report holds them).
        Exit codes: 0 rendered (or the --exit-code value when the report has findings), 2 error.
        """)

    @Argument(help: ArgumentHelp("A report written by `keysweep scan --format json` ('-' for standard input).",
                                 valueName: "file"),
              completion: .file(extensions: ["json"]))
    var file: String

    @Option(help: ArgumentHelp("Output format: \(ReportFormat.allCases.map(\.rawValue).joined(separator: ", ")).",
                               valueName: "format"),
            completion: .list(ReportFormat.allCases.map(\.rawValue)))
    var format: String?

    @Option(name: .shortAndLong, help: "Write to this file (mode 0600) instead of stdout.")
    var output: String?

    @Flag(help: "Show secrets in full, if the saved report holds them (never the default).")
    var noRedact = false

    @Option(help: "Exit code when the report has findings (default 0: re-rendering is not a new verdict).")
    var exitCode: Int32 = 0

    @Flag(help: "No colours in text output (NO_COLOR is honoured too).")
    var noColor = false

    func validate() throws {
        if let format, ReportFormat(rawValue: format) == nil {
            throw ValidationError("unknown format '\(format)'; use one of \(ReportFormat.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    /// The format asked for, else the one the output file's extension names, else text.
    var resolvedFormat: ReportFormat {
        if let format { return ReportFormat(rawValue: format)! }
        return output.flatMap { ReportFormat(fileName: $0) } ?? .text
    }

    func run() throws {
        let report = try Self.load(file)
        let shown = noRedact ? report : report.redacted()
        let color = output == nil && !noColor && isatty(1) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        let options = RenderOptions(color: color, tool: ToolInfo(report: report))
        let text = resolvedFormat.render(shown, options: options)
        if let output {
            try SecureFile.write(text, to: output)
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
        if !report.findings.isEmpty && exitCode != 0 { throw ExitCode(exitCode) }
    }

    /// Reads and decodes a saved report, with errors that say what to do.
    static func load(_ file: String) throws -> ScanReport {
        let data: Data
        if file == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard FileManager.default.fileExists(atPath: file) else {
                throw Failure("no report at \(file); write one with `keysweep scan --format json --output \(file)`")
            }
            guard let contents = FileManager.default.contents(atPath: file) else {
                throw Failure("cannot read \(file); check its permissions")
            }
            data = contents
        }
        let name = file == "-" ? "standard input" : file
        struct Header: Decodable { var version: Int? }
        guard let header = try? JSONReport.decoder().decode(Header.self, from: data) else {
            throw Failure("\(name) is not JSON; `keysweep report` reads what `keysweep scan --format json` writes")
        }
        guard header.version == 1 else {
            let found = header.version.map { "version \($0)" } ?? "no version field"
            throw Failure("\(name) has \(found); this keysweep reads keysweep JSON reports of version 1")
        }
        do {
            return try JSONReport.decoder().decode(ScanReport.self, from: data)
        } catch let error as DecodingError {
            throw Failure("\(name) is not a keysweep JSON report: \(describe(error))")
        }
    }

    /// `findings[2].severity: …` for a decoding error.
    static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
                .trimmingCharacters(in: CharacterSet(charactersIn: "."))
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "missing \(path(context.codingPath + [key]))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}
