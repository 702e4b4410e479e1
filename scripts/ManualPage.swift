#!/usr/bin/env swift
// Writes keysweep's man page (roff, man(7) macros) from the command definitions themselves: the
// JSON that swift-argument-parser prints for `keysweep --experimental-dump-help`. Every command,
// argument, option, default and help text comes from the binary, so the page cannot drift.
//
//   keysweep --experimental-dump-help > help.json
//   swift scripts/ManualPage.swift help.json "$(keysweep --version)" > keysweep.1
//
// Arguments: the dump-help JSON file ('-' for standard input), the version line, and optionally
// the date (YYYY-MM-DD; default SOURCE_DATE_EPOCH's day, else today, in UTC).
import Foundation

/// The parts of ArgumentParser's ToolInfoV0 a man page needs.
struct ToolInfo: Decodable {
    var serializationVersion: Int
    var command: Command
}

struct Command: Decodable {
    var commandName: String
    var superCommands: [String]?
    var abstract: String?
    var discussion: String?
    var shouldDisplay: Bool?
    var subcommands: [Command]?
    var arguments: [Argument]?
}

struct Argument: Decodable {
    struct Name: Decodable {
        var kind: String
        var name: String
    }
    var kind: String
    var shouldDisplay: Bool
    var isOptional: Bool
    var isRepeating: Bool
    var names: [Name]?
    var valueName: String?
    var defaultValue: String?
    var allValues: [String]?
    var abstract: String?
    var discussion: String?
}

/// A man page under construction: roff requests and escaped text.
struct ManualPage {
    var lines: [String] = []

    mutating func request(_ macro: String, _ args: String = "") {
        lines.append(args.isEmpty ? ".\(macro)" : ".\(macro) \(args)")
    }

    /// Running text: escaped, and protected where a line would start with a control character.
    mutating func text(_ s: String) {
        for line in s.split(separator: "\n", omittingEmptySubsequences: false) {
            let escaped = Self.escape(String(line))
            lines.append(escaped.hasPrefix(".") || escaped.hasPrefix("'") ? "\\&" + escaped : escaped)
        }
    }

    /// Backslashes and hyphens escaped for roff.
    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\e").replacingOccurrences(of: "-", with: "\\-")
    }

    /// Prose from ArgumentParser help: paragraphs split at blank lines; indented lines kept as
    /// they are (examples, lists) in a no-fill block.
    mutating func prose(_ s: String) {
        let paragraphs = s.components(separatedBy: "\n\n")
        for (i, paragraph) in paragraphs.enumerated() {
            if i > 0 { request("PP") }
            var literal: [String] = []
            var filled: [String] = []
            func flushLiteral() {
                guard !literal.isEmpty else { return }
                request("RS", "4"); request("nf")
                for l in literal { text(l.trimmingCharacters(in: .whitespaces)) }
                request("fi"); request("RE")
                literal = []
            }
            func flushFilled() {
                guard !filled.isEmpty else { return }
                text(filled.joined(separator: " "))
                filled = []
            }
            for line in paragraph.split(separator: "\n") {
                if line.hasPrefix(" ") { flushFilled(); literal.append(String(line)) }
                else { flushLiteral(); filled.append(String(line)) }
            }
            flushFilled(); flushLiteral()
        }
    }

    /// `--output, -o <output>` in bold and italic.
    static func signature(_ a: Argument) -> String {
        let value = a.valueName.map { "\\fI<\(escape($0))>\\fR" }
        guard let names = a.names, !names.isEmpty, a.kind != "positional" else {
            return value ?? ""
        }
        let flags = names.map { n -> String in
            let dashes = n.kind == "long" ? "--" : "-"
            return "\\fB" + escape(dashes + n.name) + "\\fR"
        }.joined(separator: ", ")
        return a.kind == "option" ? flags + " " + (value ?? "") : flags
    }

    /// One option or argument as a tagged paragraph.
    mutating func argument(_ a: Argument) {
        request("TP")
        lines.append(Self.signature(a) + (a.isRepeating ? " ..." : ""))
        var help = a.abstract ?? ""
        if let values = a.allValues, !values.isEmpty, !help.contains(values.joined(separator: ", ")) {
            help += " One of: " + values.joined(separator: ", ") + "."
        }
        if let d = a.defaultValue, !d.isEmpty, !help.contains("(default") { help += " (default: \(d))" }
        text(help.trimmingCharacters(in: .whitespaces))
        if let discussion = a.discussion, !discussion.isEmpty { request("br"); prose(discussion) }
    }

    /// `keysweep scan [<path>] [options]`: positional arguments, then options in brackets.
    static func synopsis(_ c: Command, path: String) -> String {
        var parts = ["\\fB\(escape(path))\\fR"]
        let arguments = (c.arguments ?? []).filter { $0.shouldDisplay && !isHelpOrVersion($0) }
        for a in arguments where a.kind == "positional" {
            let s = signature(a) + (a.isRepeating ? " ..." : "")
            parts.append(a.isOptional ? "[\(s)]" : s)
        }
        if arguments.contains(where: { $0.kind != "positional" }) { parts.append("[\\fIoptions\\fR]") }
        return parts.joined(separator: " ")
    }

    static func isHelpOrVersion(_ a: Argument) -> Bool {
        a.names?.contains { $0.name == "help" || $0.name == "version" } ?? false
    }
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("ManualPage: \(message)\n".utf8))
    exit(2)
}

let args = CommandLine.arguments.dropFirst()
guard args.count >= 2 else { fail("usage: ManualPage.swift DUMP_HELP_JSON VERSION_LINE [YYYY-MM-DD]") }
let input = args[args.startIndex]
let versionLine = args[args.startIndex + 1]
let data = input == "-" ? FileHandle.standardInput.readDataToEndOfFile()
    : (FileManager.default.contents(atPath: input) ?? { fail("cannot read \(input)") }())
let info: ToolInfo
do { info = try JSONDecoder().decode(ToolInfo.self, from: data) } catch { fail("\(input) is not ArgumentParser dump-help JSON: \(error)") }
guard info.serializationVersion == 0 else { fail("dump-help serialization version \(info.serializationVersion); this script reads version 0") }

let date: String = {
    if args.count >= 3 { return args[args.startIndex + 2] }
    let epoch = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"].flatMap(TimeInterval.init)
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "yyyy-MM-dd"
    return formatter.string(from: epoch.map { Date(timeIntervalSince1970: $0) } ?? Date())
}()

let root = info.command
let name = root.commandName
var page = ManualPage()
page.lines.append(".\\\" Generated by scripts/ManualPage.swift from `\(name) --experimental-dump-help`; do not edit.")
let source = versionLine.split(separator: " ").prefix(2).joined(separator: " ")
page.request("TH", "\(name.uppercased()) 1 \"\(date)\" \"\(ManualPage.escape(source))\" \"User Commands\"")
page.request("SH", "NAME")
page.text("\(name) - \(root.abstract ?? "")")
page.request("SH", "SYNOPSIS")
let visible = (root.subcommands ?? []).filter { ($0.shouldDisplay ?? true) && $0.commandName != "help" }
for sub in visible {
    page.lines.append(ManualPage.synopsis(sub, path: "\(name) \(sub.commandName)"))
    page.request("br")
}
page.lines.append("\\fB\(name)\\fR \\fB\\-\\-version\\fR | \\fB\\-\\-help\\fR")
page.request("SH", "DESCRIPTION")
page.prose(root.abstract ?? "")
if let d = root.discussion, !d.isEmpty { page.request("PP"); page.prose(d) }
page.request("SH", "OPTIONS")
for a in (root.arguments ?? []) where a.shouldDisplay { page.argument(a) }
page.request("SH", "COMMANDS")
func document(_ c: Command, path: String) {
    page.request("SS", "\"\(ManualPage.escape(path))\"")
    page.prose(c.abstract ?? "")
    if let d = c.discussion, !d.isEmpty { page.request("PP"); page.prose(d) }
    for a in (c.arguments ?? []) where a.shouldDisplay && !ManualPage.isHelpOrVersion(a) { page.argument(a) }
    for sub in (c.subcommands ?? []) where (sub.shouldDisplay ?? true) && sub.commandName != "help" {
        document(sub, path: "\(path) \(sub.commandName)")
    }
}
for sub in visible { document(sub, path: "\(name) \(sub.commandName)") }
page.request("SH", "EXIT STATUS")
page.text("0 when nothing was found, 1 when there are findings (see --exit-code), 2 on an error, which wins over findings.")
page.request("SH", "ENVIRONMENT")
page.request("TP"); page.lines.append("\\fBNO_COLOR\\fR")
page.text("When set, text output has no colours (as with --no-color).")
page.request("SH", "FILES")
page.request("TP"); page.lines.append("\\fI.keysweepignore\\fR")
page.text("Fingerprints (one a line) of findings to leave out, at the root of the scanned repository.")
page.request("TP"); page.lines.append("\\fI.keysweep.toml\\fR")
page.text("Rules for this repository (keysweep or gitleaks format), at the root of the scanned repository.")
page.request("SH", "SEE ALSO")
page.text("git(1), gitleaks(1). Shell completions: \(name) --generate-completion-script bash|zsh|fish.")
print(page.lines.joined(separator: "\n"))
