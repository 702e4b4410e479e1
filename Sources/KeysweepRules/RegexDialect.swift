import Foundation

/// The regex syntax a rule file is written in. keysweep's own files are PCRE2; a gitleaks file is
/// Go `regexp` (RE2) syntax, which PCRE2 mostly reads the same way — the exceptions are rewritten
/// here so that a `.gitleaks.toml` means what it meant to gitleaks, and what cannot be rewritten
/// is rejected with a message instead of being silently mis-compiled.
public enum RegexDialect: String, Sendable, Codable {
    case pcre2
    case re2
}

extension RuleFileSpec {
    /// The file's dialect: `regexDialect` when given; otherwise PCRE2 when the file uses a
    /// keysweep-only field (examples, negativeExamples, severity, confidence, near), else RE2,
    /// because a file with nothing but gitleaks' schema was most likely written for gitleaks.
    public var dialect: RegexDialect {
        if let regexDialect { return regexDialect }
        let keysweepOnly = (rules ?? []).contains {
            $0.examples != nil || $0.negativeExamples != nil || $0.severity != nil || $0.confidence != nil || $0.near != nil
        }
        return keysweepOnly ? .pcre2 : .re2
    }

    /// The spec with every regex (rule, path, allowlist) rewritten from its dialect to PCRE2. For RE2
    /// files, a rule without `secretGroup` whose regex captures gets `secretGroup = 1`, as gitleaks
    /// reports the first capture group (strictly: the first non-empty one) when none is named.
    public func translatedToPCRE2(origin: String) throws -> RuleFileSpec {
        guard dialect == .re2 else { return self }
        var out = self
        func tr(_ re: String, rule: String?, what: String) throws -> (String, Int) {
            do {
                return try RE2Translation.toPCRE2(re)
            } catch let e as RE2Translation.Unsupported {
                throw RulesError.invalid(file: origin, rule: rule,
                    message: "\(what) uses RE2 syntax that PCRE2 cannot read the same way: \(e.message) at offset \(e.offset)")
            }
        }
        func trAllowlist(_ a: AllowlistSpec, rule: String?) throws -> AllowlistSpec {
            var a = a
            a.regexes = try a.regexes?.map { try tr($0, rule: rule, what: "an allowlist regex").0 }
            a.paths = try a.paths?.map { try tr($0, rule: rule, what: "an allowlist path").0 }
            return a
        }
        out.rules = try rules?.map { r in
            var r = r
            if let re = r.regex {
                let (pcre, groups) = try tr(re, rule: r.id, what: "regex")
                r.regex = pcre
                if r.secretGroup == nil, groups > 0 { r.secretGroup = 1 }
            }
            r.path = try r.path.map { try tr($0, rule: r.id, what: "path").0 }
            r.allowlists = try r.allowlists?.map { try trAllowlist($0, rule: r.id) }
            r.allowlist = try r.allowlist.map { try trAllowlist($0, rule: r.id) }
            return r
        }
        out.allowlists = try allowlists?.map { try trAllowlist($0, rule: nil) }
        out.allowlist = try allowlist.map { try trAllowlist($0, rule: nil) }
        return out
    }
}

/// Rewrites Go `regexp` (RE2) syntax into PCRE2 syntax with the same meaning on UTF-8 bytes.
///
/// What differs, and what this does about it:
/// - `$` without the `m` flag is end of text in RE2, but also "before a final newline" in PCRE2:
///   rewritten to `\z` when the pattern sets `m` nowhere.
/// - `\s` is `[\t\n\f\r ]` in RE2; PCRE2 adds the vertical tab: spelled out.
/// - `\v` is the vertical tab in RE2, any vertical space in PCRE2: rewritten to `\x0B`.
/// - `\123` is octal in RE2, a backreference in PCRE2: rewritten to `\o{123}`.
/// - `{,n}` and other braces that are not a repetition are literal in RE2: escaped.
/// - Code points above U+007F (`\x{E9}`, or a literal `é`) are one character in RE2 but several
///   bytes here: outside a class they become a group of their UTF-8 bytes; inside a class they
///   cannot be expressed byte-wise and are rejected, as are `\p{…}` Unicode classes.
/// - `\C`, `\Z`, `\8`, `\9` are not RE2 at all and are rejected.
/// Everything else (classes, POSIX classes, `(?P<name>…)`, `(?i)`/`(?s)`/`(?U)`, `\Q…\E`, `\A`,
/// `\z`, `\b`, `\d`, `\w`) reads the same in both.
public enum RE2Translation {
    public struct Unsupported: Error, Sendable, Equatable {
        public var message: String
        /// Offset in the original regex, in characters.
        public var offset: Int
    }

    /// Returns the PCRE2 pattern and the number of capture groups.
    public static func toPCRE2(_ re: String) throws -> (String, Int) {
        let s = Array(re.unicodeScalars)
        let multiline = setsMultiline(s)
        var out = ""
        var groups = 0
        var i = 0
        var inClass = false
        var classStart = 0

        func peek(_ k: Int) -> Unicode.Scalar? { i + k < s.count ? s[i + k] : nil }
        func utf8Group(_ v: UInt32) -> String {
            guard let scalar = Unicode.Scalar(v) else { return "" }
            let bytes = Array(String(Character(scalar)).utf8)
            return "(?:" + bytes.map { String(format: "\\x%02X", $0) }.joined() + ")"
        }

        while i < s.count {
            let c = s[i]
            if c == "\\" {
                guard let n = peek(1) else { throw Unsupported(message: "trailing backslash", offset: i) }
                switch n {
                case "Q":
                    // Literal text up to \E: copied as is (PCRE2 reads \Q…\E the same way).
                    var j = i + 2
                    while j < s.count, !(s[j] == "\\" && j + 1 < s.count && s[j + 1] == "E") { j += 1 }
                    let end = min(j + 2, s.count)
                    out += String(String.UnicodeScalarView(s[i..<end]))
                    i = end
                    continue
                case "v":
                    out += "\\x0B"
                case "s":
                    out += inClass ? "\\t\\n\\f\\r " : "[\\t\\n\\f\\r ]"
                case "S" where !inClass:
                    out += "[^\\t\\n\\f\\r ]"
                case "p", "P":
                    throw Unsupported(message: "Unicode class \\\(n) is not available in byte mode; use an explicit class such as [A-Za-z]", offset: i)
                case "C", "Z", "8", "9", "G", "K", "R", "X", "h", "H", "N":
                    throw Unsupported(message: "\\\(n) is not RE2 syntax", offset: i)
                case "0"..."7":
                    var j = i + 1
                    var digits = ""
                    while j < s.count, digits.count < 3, ("0"..."7").contains(s[j]) { digits.unicodeScalars.append(s[j]); j += 1 }
                    out += "\\o{\(digits)}"
                    i = j
                    continue
                case "x":
                    var j = i + 2
                    var hex = ""
                    if peek(2) == "{" {
                        j = i + 3
                        while j < s.count, s[j] != "}" { hex.unicodeScalars.append(s[j]); j += 1 }
                        j += 1
                    } else {
                        while j < s.count, hex.count < 2 { hex.unicodeScalars.append(s[j]); j += 1 }
                    }
                    guard let v = UInt32(hex, radix: 16) else { throw Unsupported(message: "bad \\x escape", offset: i) }
                    if v < 0x80 {
                        out += String(format: "\\x%02X", v)
                    } else if inClass {
                        throw Unsupported(message: "code point U+\(String(v, radix: 16, uppercase: true)) in a character class cannot be matched byte-wise; use an alternation", offset: i)
                    } else {
                        out += utf8Group(v)
                    }
                    i = j
                    continue
                default:
                    out.unicodeScalars.append(c)
                    out.unicodeScalars.append(n)
                }
                i += 2
                continue
            }
            if inClass {
                if c == "]" && i > classStart {
                    inClass = false
                    out += "]"
                } else if c == "[" && peek(1) == ":" {
                    // POSIX class [:name:], copied whole.
                    var j = i + 2
                    while j + 1 < s.count, !(s[j] == ":" && s[j + 1] == "]") { j += 1 }
                    let end = min(j + 2, s.count)
                    out += String(String.UnicodeScalarView(s[i..<end]))
                    i = end
                    continue
                } else if c.value >= 0x80 {
                    throw Unsupported(message: "non-ASCII character \(c) in a character class cannot be matched byte-wise; use an alternation", offset: i)
                } else {
                    out.unicodeScalars.append(c)
                }
                i += 1
                continue
            }
            switch c {
            case "[":
                inClass = true
                out += "["
                i += 1
                if peek(0) == "^" { out += "^"; i += 1 }
                classStart = i
                if peek(0) == "]" { out += "\\]"; i += 1 }
                continue
            case "$":
                out += multiline ? "$" : "\\z"
            case "{":
                if let len = repetitionLength(s, at: i) {
                    out += String(String.UnicodeScalarView(s[i..<(i + len)]))
                    i += len
                    continue
                }
                out += "\\{"
            case "(":
                if peek(1) != "?" || (peek(2) == "P" && peek(3) == "<") || (peek(2) == "<" && peek(3) != "=" && peek(3) != "!") {
                    groups += 1
                }
                out += "("
            default:
                if c.value >= 0x80 { out += utf8Group(c.value) } else { out.unicodeScalars.append(c) }
            }
            i += 1
        }
        if inClass { throw Unsupported(message: "unterminated character class", offset: s.count) }
        return (out, groups)
    }

    /// The length of a repetition `{n}`, `{n,}` or `{n,m}` at `i`, or nil when the brace is literal.
    static func repetitionLength(_ s: [Unicode.Scalar], at i: Int) -> Int? {
        var j = i + 1
        var sawDigit = false
        while j < s.count, ("0"..."9").contains(s[j]) { j += 1; sawDigit = true }
        guard sawDigit, j < s.count else { return nil }
        if s[j] == "," {
            j += 1
            while j < s.count, ("0"..."9").contains(s[j]) { j += 1 }
        }
        guard j < s.count, s[j] == "}" else { return nil }
        return j - i + 1
    }

    /// True when a flag group anywhere in the pattern turns on `m`.
    static func setsMultiline(_ s: [Unicode.Scalar]) -> Bool {
        var i = 0
        while i + 2 < s.count {
            if s[i] == "\\" { i += 2; continue }
            if s[i] == "(", s[i + 1] == "?" {
                var j = i + 2
                while j < s.count, s[j] != ")", s[j] != ":", s[j] != "-" {
                    if s[j] == "m" { return true }
                    if !("a"..."z").contains(s[j]) && !("A"..."Z").contains(s[j]) { break }
                    j += 1
                }
            }
            i += 1
        }
        return false
    }
}
