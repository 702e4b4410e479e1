import Foundation
import Testing
import KeysweepCore
import KeysweepRules
import KeysweepMatch

/// Every built-in rule's own examples and negative examples, run through the real compiled rule
/// set; each positive example is re-run in other clothes (CRLF, inside JSON / YAML / .env, after
/// a multibyte UTF-8 prefix) and with `keysweep:allow` on its line, which must silence it.
@Suite struct CatalogueExampleTests {
    static let catalogue: RuleSet = try! RuleSet.builtin()
    static let full: CompiledRuleSet = try! CompiledRuleSet(catalogue)

    struct Example: CustomTestStringConvertible, Sendable {
        let rule: String
        let index: Int
        let text: String
        var testDescription: String { "\(rule) #\(index)" }
    }

    static let positives: [Example] = catalogue.rules.flatMap { rule in
        rule.examples.enumerated().map { Example(rule: rule.id, index: $0.offset, text: $0.element) }
    }
    static let negatives: [Example] = catalogue.rules.flatMap { rule in
        rule.negativeExamples.enumerated().map { Example(rule: rule.id, index: $0.offset, text: $0.element.text) }
    }

    @Test func catalogueIsLargeAndLintClean() {
        #expect(Self.catalogue.rules.count >= 150)
        let issues = RuleLint.checkBuiltin()
        #expect(issues.isEmpty, "\(issues.map(\.description).joined(separator: "\n"))")
    }

    @Test(arguments: positives)
    func exampleMatchesItsMarkedSpan(_ example: Example) throws {
        let (text, span) = Rule.unmark(example.text)
        let span0 = try #require(span)
        let bytes = Array(text.utf8)
        let alone = try Self.alone(example.rule)

        // Alone, the rule reports exactly the marked span.
        let own = Self.hits(alone, bytes)
        let hit = own.first { $0.secretRange == span0 }
        #expect(hit != nil, "\(example.rule): expected \(Self.show(bytes, span0)), got \(own.map { Self.show(bytes, $0.secretRange) })")
        guard let hit else { return }
        // One of the rule's keywords is in the matched text (for a composite rule, whose keywords
        // name its partner, in the example).
        let rule = Self.catalogue.rules.first { $0.id == example.rule }!
        let composite = rule.near?.required == true
        let scope = composite ? bytes[...] : bytes[hit.matchRange]
        let scopeText = String(decoding: scope, as: UTF8.self).lowercased()
        #expect(rule.keywords.isEmpty || rule.keywords.contains { scopeText.contains($0) },
                "\(example.rule): no keyword of \(rule.keywords) in the matched text")

        // In the whole catalogue, the span is still reported (by this rule or a more confident one).
        let all = Self.hits(Self.full, bytes)
        #expect(all.contains { $0.secretRange.overlaps(span0) }, "\(example.rule): lost in the full catalogue")

        // Other clothes.
        for variant in Clothes.variants(bytes, span: span0, match: composite ? nil : hit.matchRange) {
            let got = Self.hits(alone, variant.bytes)
            #expect(got.contains { $0.secretRange == variant.span },
                    "\(example.rule) in \(variant.name): expected \(Self.show(variant.bytes, variant.span)), got \(got.map { Self.show(variant.bytes, $0.secretRange) })")
            #expect(Self.hits(Self.full, variant.bytes).contains { $0.secretRange.overlaps(variant.span) },
                    "\(example.rule) in \(variant.name): lost in the full catalogue")
        }

        // keysweep:allow on the secret's line silences it; a neutral word there does not.
        let (control, controlSpan) = Clothes.appendingToLine(bytes, at: span0.lowerBound, " reviewed", span: span0)
        #expect(Self.hits(alone, control).contains { $0.secretRange == controlSpan },
                "\(example.rule): a word after the secret on its line breaks the match")
        let (allowed, allowedSpan) = Clothes.appendingToLine(bytes, at: span0.lowerBound, " keysweep:allow", span: span0)
        #expect(!Self.hits(Self.full, allowed).contains { $0.secretRange.overlaps(allowedSpan) },
                "\(example.rule): keysweep:allow did not silence the hit")
    }

    @Test(arguments: negatives)
    func negativeExampleDoesNotMatch(_ example: Example) throws {
        let bytes = Array(example.text.utf8)
        let got = Self.hits(try Self.alone(example.rule), bytes)
        #expect(got.isEmpty, "\(example.rule) matched its negative example: \(got.map { Self.show(bytes, $0.secretRange) })")
    }

    // MARK: - Helpers

    /// The catalogue with only `id` in it: what the rule itself reports, before the catalogue's
    /// overlap resolution picks between rules.
    /// (A composite rule keeps the rule it must be near; only its own hits count.)
    static func alone(_ id: String) throws -> AloneRule {
        let rule = catalogue.rules.first { $0.id == id }!
        let partner = rule.near.flatMap { near in catalogue.rules.first { $0.id == near.rule } }
        let set = try CompiledRuleSet(RuleSet(rules: [rule] + (partner.map { [$0] } ?? []), allowlists: catalogue.allowlists))
        return AloneRule(set: set, id: id)
    }

    struct AloneRule {
        let set: CompiledRuleSet
        let id: String
    }

    static func hits(_ alone: AloneRule, _ bytes: [UInt8]) -> [Hit] {
        hits(alone.set, bytes).filter { alone.set.rules[$0.ruleIndex].id == alone.id }
    }

    static func hits(_ set: CompiledRuleSet, _ bytes: [UInt8]) -> [Hit] {
        let context = set.makeContext()
        return bytes.withUnsafeBytes { set.scan($0, context: context) }
    }

    static func show(_ bytes: [UInt8], _ range: Range<Int>) -> String {
        let s = String(decoding: bytes[range], as: UTF8.self)
        return "«" + (s.count > 50 ? s.prefix(50) + "…" : s) + "»@\(range.lowerBound)"
    }
}

/// Re-dressings of an example: the same secret in other surroundings, with its span moved along.
enum Clothes {
    struct Variant {
        let name: String
        let bytes: [UInt8]
        let span: Range<Int>
    }

    static func variants(_ bytes: [UInt8], span: Range<Int>, match: Range<Int>?) -> [Variant] {
        var out: [Variant] = []
        // CRLF line endings, and a CRLF after the last line.
        var crlf: [UInt8] = []
        var newSpan = span
        for (i, b) in bytes.enumerated() {
            if b == UInt8(ascii: "\n"), i == 0 || bytes[i - 1] != UInt8(ascii: "\r") {
                crlf.append(UInt8(ascii: "\r"))
                if i < span.lowerBound { newSpan = (newSpan.lowerBound + 1)..<(newSpan.upperBound + 1) }
                else if i < span.upperBound { newSpan = newSpan.lowerBound..<(newSpan.upperBound + 1) }
            }
            crlf.append(b)
        }
        out.append(Variant(name: "CRLF", bytes: crlf + Array("\r\nnext=1\r\n".utf8), span: newSpan))
        // Surrounded by other lines of a JSON, YAML or .env file.
        for (name, head, tail) in [
            ("JSON file", "{\n  \"name\": \"demo\",\n", "\n  \"debug\": false\n}\n"),
            ("YAML file", "service:\n  replicas: 2\n", "\n  region: eu-west-1\n"),
            (".env file", "APP_ENV=production\n", "\nLOG_LEVEL=info\n"),
            ("multibyte prefix", "клю́ч 🔑 ", ""),
        ] {
            out.append(wrap(name, bytes, span, head, tail))
        }
        // The whole match as a JSON / YAML / .env value, when it is one line without quotes.
        guard let match else { return out }
        let m = Array(bytes[match])
        if !m.contains(where: { $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "'") }) {
            let inner = (span.lowerBound - match.lowerBound)..<(span.upperBound - match.lowerBound)
            for (name, head, tail) in [
                ("JSON value", "{\"value\": \"", "\"}\n"),
                ("YAML value", "config:\n  value: ", "\n"),
                (".env value", "VALUE=", "\n"),
            ] {
                out.append(wrap(name, m, inner, head, tail))
            }
        }
        return out
    }

    static func wrap(_ name: String, _ bytes: [UInt8], _ span: Range<Int>, _ head: String, _ tail: String) -> Variant {
        let h = Array(head.utf8)
        return Variant(name: name, bytes: h + bytes + Array(tail.utf8),
                       span: (span.lowerBound + h.count)..<(span.upperBound + h.count))
    }

    /// `bytes` with `suffix` inserted at the end of the line holding byte `offset`, and `span`
    /// moved along (a multi-line secret grows by the suffix when it is inserted inside it).
    static func appendingToLine(_ bytes: [UInt8], at offset: Int, _ suffix: String,
                                span: Range<Int>) -> ([UInt8], Range<Int>) {
        var end = offset
        while end < bytes.count, bytes[end] != UInt8(ascii: "\n") { end += 1 }
        if end > offset, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        let added = suffix.utf8.count
        let newSpan = end < span.upperBound ? span.lowerBound..<(span.upperBound + added) : span
        return (Array(bytes[..<end]) + Array(suffix.utf8) + Array(bytes[end...]), newSpan)
    }
}
