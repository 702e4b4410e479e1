import Foundation

/// How secrets are shown by default: enough of the start to recognise the kind of credential,
/// never enough to use it.
public enum Redaction {
    /// Keeps the first four characters of a secret of 12 or more characters and masks the rest.
    public static func redact(_ secret: String) -> String {
        let chars = Array(secret)
        guard chars.count >= 12 else { return "********" }
        return String(chars.prefix(4)) + "********"
    }

    /// Redacts every token of `text` that looks encoded: a run of base64 characters (16 or more,
    /// with upper- and lower-case letters, or letters and digits), or a token holding `%XX`,
    /// `\uXXXX` or `\xXX` escapes. For the snippet of a decoded finding, whose line holds the
    /// secret only in its encoded form.
    public static func redactEncoded(in text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < scalars.count {
            guard isTokenScalar(scalars[i]) else { out.append(scalars[i]); i += 1; continue }
            var j = i
            while j < scalars.count, isTokenScalar(scalars[j]) { j += 1 }
            let end = j
            while j < scalars.count, j - end < 2, scalars[j] == "=" { j += 1 }
            let token = String(String.UnicodeScalarView(scalars[i..<j]))
            out.append(contentsOf: (looksEncoded(scalars[i..<end]) ? redact(token) : token).unicodeScalars)
            i = j
        }
        return String(out)
    }

    private static func isTokenScalar(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case "A"..."Z", "a"..."z", "0"..."9", "+", "/", "-", "_", "%", "\\", ".", "~": return true
        default: return false
        }
    }

    private static func looksEncoded(_ token: ArraySlice<Unicode.Scalar>) -> Bool {
        let chars = Array(token)
        for (k, c) in chars.enumerated() where k + 2 < chars.count {
            if c == "%", chars[k + 1].properties.isASCIIHexDigit, chars[k + 2].properties.isASCIIHexDigit { return true }
            if c == "\\", chars[k + 1] == "u" || chars[k + 1] == "x" { return true }
        }
        guard chars.count >= 16 else { return false }
        let upper = chars.contains { ("A"..."Z").contains($0) }
        let lower = chars.contains { ("a"..."z").contains($0) }
        let digit = chars.contains { ("0"..."9").contains($0) }
        return (upper && lower) || ((upper || lower) && digit)
    }

    /// Replaces every occurrence of `secret` in `text` with its redacted form.
    public static func redact(_ secret: String, in text: String) -> String {
        guard !secret.isEmpty, text.contains(secret) else { return text }
        return text.replacingOccurrences(of: secret, with: redact(secret))
    }
}

