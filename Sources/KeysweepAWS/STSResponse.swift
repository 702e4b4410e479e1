import Foundation
import KeysweepCore

/// Turns an STS `GetCallerIdentity` HTTP response into a `Verification`.
///
/// Success is `<GetCallerIdentityResponse><GetCallerIdentityResult><UserId/><Account/><Arn/>`.
/// Errors come in two envelopes: AWS's `<ErrorResponse><Error><Code>` and moto's
/// `<ErrorResponse><Errors><Error><Code>`; the `Code` element is read wherever it sits.
public enum STSResponse {
    /// Error codes that mean the key id is unknown, deleted, or the secret is wrong.
    public static let invalidCodes: Set<String> = [
        "InvalidClientTokenId", "SignatureDoesNotMatch", "InvalidAccessKeyId", "UnrecognizedClientException",
        "AuthFailure", "IncompleteSignature",
    ]
    /// Error codes that mean the credential existed but no longer works (temporary credentials).
    public static let expiredCodes: Set<String> = ["ExpiredToken", "ExpiredTokenException", "TokenRefreshRequired"]

    /// Classifies a response by HTTP status and XML body.
    public static func verification(status: Int, body: String) -> Verification {
        if (200..<300).contains(status), let arn = element("Arn", in: body) {
            return Verification(status: "valid", arn: arn, account: element("Account", in: body),
                                userId: element("UserId", in: body))
        }
        let code = element("Code", in: body)
        let message = element("Message", in: body)
        let detail = [code, message].compactMap { $0 }.joined(separator: ": ")
        if let code, invalidCodes.contains(code) {
            return Verification(status: "invalid", detail: detail)
        }
        if let code, expiredCodes.contains(code) {
            return Verification(status: "expired", detail: detail)
        }
        let fallback = "HTTP \(status)" + (detail.isEmpty ? " without an STS error code" : " \(detail)")
        return Verification(status: "error", detail: fallback)
    }

    /// The text of the first `<name>…</name>` element (namespace prefixes and attributes allowed),
    /// with XML entities decoded; nil if absent.
    public static func element(_ name: String, in xml: String) -> String? {
        var rest = xml[...]
        while let open = rest.range(of: "<") {
            let afterOpen = rest[open.upperBound...]
            guard let close = afterOpen.firstIndex(of: ">") else { return nil }
            let tag = afterOpen[..<close]
            let tagName = tag.split(separator: " ", maxSplits: 1).first.map(String.init) ?? ""
            let localName = tagName.split(separator: ":").last.map(String.init) ?? tagName
            rest = afterOpen[afterOpen.index(after: close)...]
            guard localName == name, !tag.hasSuffix("/") else { continue }
            guard let end = rest.range(of: "</" + tagName + ">") else { return nil }
            return decodeEntities(String(rest[..<end.lowerBound]))
        }
        return nil
    }

    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var out = text
        for (entity, char) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&apos;", "'"), ("&amp;", "&")] {
            out = out.replacingOccurrences(of: entity, with: char)
        }
        return out
    }
}
