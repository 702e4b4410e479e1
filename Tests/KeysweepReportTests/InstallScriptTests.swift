import Foundation
import KeysweepTestSupport
import Testing

/// `scripts/install PREFIX` into a temporary prefix, with the binary under test (KEYSWEEP_BINARY,
/// so that the test does not start a second release build): the installed binary runs, the
/// completion scripts are the ones it generates, and the man page documents every command.
@Suite(.serialized) struct InstallScriptTests {
    struct Installed {
        let prefix: String
        let run: Run.Result

        init() throws {
            let dir = try TempDir.make("keysweep-install")
            prefix = (dir as NSString).appendingPathComponent("prefix with space")
            run = try Run.process(Tools.packageFile("scripts/install"), [prefix],
                                  env: ["KEYSWEEP_BINARY": Run.keysweepBinary, "SOURCE_DATE_EPOCH": "1700000000"])
        }

        func path(_ relative: String) -> String { (prefix as NSString).appendingPathComponent(relative) }

        func remove() { try? FileManager.default.removeItem(atPath: (prefix as NSString).deletingLastPathComponent) }
    }

    @Test func installsARunnableBinaryCompletionsAndManPage() throws {
        let installed = try Installed()
        defer { installed.remove() }
        #expect(installed.run.status == 0, "scripts/install failed:\n\(installed.run.stdout)\(installed.run.stderr)")
        let binary = installed.path("bin/keysweep")
        #expect(FileManager.default.isExecutableFile(atPath: binary))

        let version = try Run.process(binary, ["--version"])
        #expect(version.status == 0)
        #expect(version.stdout.range(of: #"^keysweep \d+\.\d+\.\d+ \(rules: \d+, catalogue [0-9a-f]+\)\n$"#,
                                     options: .regularExpression) != nil, "--version printed \(version.stdout)")
        let help = try Run.process(binary, ["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("scan") && help.stdout.contains("report"))

        for (shell, file) in [("bash", "share/bash-completion/completions/keysweep"),
                              ("zsh", "share/zsh/site-functions/_keysweep"),
                              ("fish", "share/fish/vendor_completions.d/keysweep.fish")] {
            let written = try String(contentsOfFile: installed.path(file), encoding: .utf8)
            let generated = try Run.process(binary, ["--generate-completion-script", shell]).stdout
            #expect(written == generated, "\(file) is not what keysweep generates for \(shell)")
            #expect(written.contains("report"), "\(shell) completions do not know the report command")
        }
    }

    @Test func bashCompletionLoadsAndCompletesSubcommands() throws {
        let installed = try Installed()
        defer { installed.remove() }
        let script = installed.path("share/bash-completion/completions/keysweep")
        let probe = """
            source "$1" && complete -p keysweep >/dev/null && \
            COMP_WORDS=(keysweep re) COMP_CWORD=1 COMP_LINE="keysweep re" COMP_POINT=11 && \
            $(complete -p keysweep | sed -E 's/.*-F ([^ ]+).*/\\1/') keysweep re keysweep && \
            printf '%s\\n' "${COMPREPLY[@]}"
            """
        let result = try Run.process("/bin/bash", ["-c", probe, "probe", script])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.split(separator: "\n").contains("report"), "completions offered: \(result.stdout)")
    }

    @Test func manPageDocumentsEveryCommandAndOption() throws {
        let installed = try Installed()
        defer { installed.remove() }
        let page = try String(contentsOfFile: installed.path("share/man/man1/keysweep.1"), encoding: .utf8)
        #expect(page.contains(".TH KEYSWEEP 1 \"2023-11-14\" \"keysweep "))
        #expect(page.contains(".SH NAME\nkeysweep \\- "))
        for section in ["SYNOPSIS", "DESCRIPTION", "COMMANDS", "EXIT STATUS", "ENVIRONMENT", "SEE ALSO"] {
            #expect(page.contains(".SH \(section)"), "no \(section) section")
        }
        #expect(page.contains(".SS \"keysweep scan\"") && page.contains(".SS \"keysweep report\""))
        // Every long option of every subcommand's --help is in the page.
        for command in ["scan", "report"] {
            let help = try Run.keysweep([command, "--help"]).stdout
            let options = Set(help.matches(of: /(?:^|[\s,\[])--([a-z][a-z-]+)/.anchorsMatchLineEndings()).map { String($0.output.1) })
            #expect(!options.isEmpty)
            for option in options where option != "help" {
                #expect(page.contains("\\fB\\-\\-" + option.replacingOccurrences(of: "-", with: "\\-") + "\\fR"),
                        "the man page lacks \(command) --\(option)")
            }
        }
        if let man = Tools.which("man") {
            let rendered = try Run.process(man, ["-l", installed.path("share/man/man1/keysweep.1")],
                                           env: ["MANWIDTH": "80", "MANPAGER": "cat", "PAGER": "cat"])
            #expect(rendered.status == 0, "man -l failed: \(rendered.stderr)")
            #expect(rendered.stdout.contains("keysweep report"))
            #expect(!rendered.stderr.contains("warning"), "roff warnings: \(rendered.stderr)")
        }
    }

    @Test func refusesAnUnknownOption() throws {
        let result = try Run.process(Tools.packageFile("scripts/install"), ["--frobnicate", "/tmp/x"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("unknown option --frobnicate"))
    }
}
