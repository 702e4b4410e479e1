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

    /// Replaces every occurrence of `secret` in `text` with its redacted form.
    public static func redact(_ secret: String, in text: String) -> String {
        guard !secret.isEmpty, text.contains(secret) else { return text }
        return text.replacingOccurrences(of: secret, with: redact(secret))
    }
}

