/// How secrets are shown by default: enough of the start to recognise the kind of credential,
/// never enough to use it.
public enum Redaction {
    /// Keeps the first four characters of a secret of 12 or more characters and masks the rest.
    public static func redact(_ secret: String) -> String {
        let chars = Array(secret)
        guard chars.count >= 12 else { return "********" }
        return String(chars.prefix(4)) + "********"
    }

    /// Replaces every occurrence of `secret` in `text` with its redacted form.
    public static func redact(_ secret: String, in text: String) -> String {
        guard !secret.isEmpty else { return text }
        return text.replacingOccurrences(of: secret, with: redact(secret))
    }
}

extension String {
    /// Plain substring replacement, without Foundation.
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var out = ""
        var rest = self[...]
        while let r = rest.range(of: target) {
            out += rest[..<r.lowerBound]
            out += replacement
            rest = rest[r.upperBound...]
        }
        return out + rest
    }
}

extension Substring {
    fileprivate func range(of target: String) -> Range<Index>? {
        let t = Array(target.utf8)
        let u = Array(self.utf8)
        guard t.count <= u.count else { return nil }
        for start in 0...(u.count - t.count) where u[start..<start + t.count].elementsEqual(t) {
            let lower = utf8.index(utf8.startIndex, offsetBy: start)
            let upper = utf8.index(lower, offsetBy: t.count)
            return lower..<upper
        }
        return nil
    }
}
