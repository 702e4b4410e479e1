import Crypto
import Foundation

/// An AWS access key pair, optionally with the session token of temporary (ASIA) credentials.
///
/// Lives only in memory for the length of a verification; never logged, never stored.
public struct AWSCredentials: Sendable {
    public var accessKeyId: String
    public var secretAccessKey: String
    public var sessionToken: String?

    public init(accessKeyId: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyId = accessKeyId
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }
}

/// An HTTP request as SigV4 sees it: method, absolute path, query parameters, headers and body.
public struct SigV4Request: Sendable {
    public var method: String
    public var path: String
    public var query: [(name: String, value: String)]
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(method: String, path: String = "/", query: [(name: String, value: String)] = [],
                headers: [(name: String, value: String)], body: [UInt8] = []) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }
}

/// AWS Signature Version 4 (`AWS4-HMAC-SHA256`) for one region and service.
///
/// Follows https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html:
/// canonical request → string to sign → signing key (date/region/service/"aws4_request") →
/// signature. Every header of the request is signed; the caller adds `X-Amz-Date` (and the session
/// token, if any) through `sign(_:at:)`.
public struct SigV4Signer: Sendable {
    public var credentials: AWSCredentials
    public var region: String
    public var service: String

    public init(credentials: AWSCredentials, region: String, service: String) {
        self.credentials = credentials
        self.region = region
        self.service = service
    }

    /// Returns `request` with `X-Amz-Date`, `X-Amz-Security-Token` (temporary credentials) and
    /// `Authorization` headers added.
    public func sign(_ request: SigV4Request, at date: Date) -> SigV4Request {
        var signed = request
        signed.headers.append((name: "X-Amz-Date", value: Self.amzDate(date)))
        if let token = credentials.sessionToken {
            signed.headers.append((name: "X-Amz-Security-Token", value: token))
        }
        signed.headers.append((name: "Authorization", value: authorization(for: signed, at: date)))
        return signed
    }

    /// The `Authorization` header value for a request whose headers already carry `X-Amz-Date`.
    public func authorization(for request: SigV4Request, at date: Date) -> String {
        let day = String(Self.amzDate(date).prefix(8))
        return "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyId)/\(scope(day: day)), "
            + "SignedHeaders=\(Self.signedHeaders(request)), Signature=\(signature(for: request, at: date))"
    }

    /// The hex signature of `request`.
    public func signature(for request: SigV4Request, at date: Date) -> String {
        let key = Self.signingKey(secret: credentials.secretAccessKey,
                                  day: String(Self.amzDate(date).prefix(8)),
                                  region: region, service: service)
        let mac = HMAC<SHA256>.authenticationCode(for: Array(stringToSign(for: request, at: date).utf8),
                                                   using: SymmetricKey(data: key))
        return Self.hex(Array(mac))
    }

    /// The string to sign: algorithm, timestamp, credential scope, hash of the canonical request.
    public func stringToSign(for request: SigV4Request, at date: Date) -> String {
        let stamp = Self.amzDate(date)
        return ["AWS4-HMAC-SHA256", stamp, scope(day: String(stamp.prefix(8))),
                Self.sha256Hex(Array(Self.canonicalRequest(request).utf8))].joined(separator: "\n")
    }

    func scope(day: String) -> String { "\(day)/\(region)/\(service)/aws4_request" }

    /// The canonical request: method, URI, sorted query, sorted lower-cased headers, signed header
    /// list and the hex SHA-256 of the body.
    public static func canonicalRequest(_ request: SigV4Request) -> String {
        let encoded: [(String, String)] = request.query.map { (uriEncode($0.name), uriEncode($0.value)) }
        let sorted = encoded.sorted { (a: (String, String), b: (String, String)) -> Bool in
            a.0 == b.0 ? a.1 < b.1 : a.0 < b.0
        }
        let query = sorted.map { (pair: (String, String)) -> String in pair.0 + "=" + pair.1 }
            .joined(separator: "&")
        let headers = canonicalHeaders(request).map { (h: (String, String)) -> String in h.0 + ":" + h.1 + "\n" }
            .joined()
        return [request.method, canonicalPath(request.path), query, headers, signedHeaders(request),
                sha256Hex(request.body)].joined(separator: "\n")
    }

    /// Lower-cased header names, `;`-joined in sorted order.
    public static func signedHeaders(_ request: SigV4Request) -> String {
        canonicalHeaders(request).map(\.0).joined(separator: ";")
    }

    static func canonicalHeaders(_ request: SigV4Request) -> [(String, String)] {
        var merged: [String: [String]] = [:]
        for (name, value) in request.headers where name.lowercased() != "authorization" {
            merged[name.lowercased(), default: []].append(trimAndCollapse(value))
        }
        return merged.keys.sorted().map { ($0, merged[$0]!.joined(separator: ",")) }
    }

    static func trimAndCollapse(_ value: String) -> String {
        value.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }

    static func canonicalPath(_ path: String) -> String {
        guard !path.isEmpty else { return "/" }
        return path.split(separator: "/", omittingEmptySubsequences: false)
            .map { uriEncode(String($0)) }.joined(separator: "/")
    }

    /// RFC 3986 percent-encoding as SigV4 wants it: only `A–Z a–z 0–9 - _ . ~` stay as they are.
    public static func uriEncode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"),
                 UInt8(ascii: "."), UInt8(ascii: "~"):
                out.append(Character(Unicode.Scalar(byte)))
            default:
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }

    /// The derived signing key: HMAC chain over day, region, service and `aws4_request`.
    public static func signingKey(secret: String, day: String, region: String, service: String) -> [UInt8] {
        var key = Array(("AWS4" + secret).utf8)
        for part in [day, region, service, "aws4_request"] {
            key = hmacSHA256(key: key, data: Array(part.utf8))
        }
        return key
    }

    /// HMAC-SHA-256 of `data` under `key`.
    public static func hmacSHA256(key: [UInt8], data: [UInt8]) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: data, using: SymmetricKey(data: key)))
    }

    /// Lower-case hex SHA-256 of `bytes`.
    public static func sha256Hex(_ bytes: [UInt8]) -> String { hex(Array(SHA256.hash(data: bytes))) }

    /// Lower-case hex of `bytes`.
    public static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String($0, radix: 16).leftPadded(to: 2) }.joined()
    }

    /// `YYYYMMDD'T'HHMMSS'Z'` in UTC.
    public static func amzDate(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ v: Int?) -> String { String(v ?? 0).leftPadded(to: 2) }
        return String(c.year ?? 1970).leftPadded(to: 4) + two(c.month) + two(c.day) + "T"
            + two(c.hour) + two(c.minute) + two(c.second) + "Z"
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
