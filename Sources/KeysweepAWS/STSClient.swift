import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import KeysweepCore

/// Checks AWS key pairs with STS `GetCallerIdentity`, signed with SigV4.
///
/// The call needs no permissions and cannot be denied by policy, so it tells only whether the pair
/// works and whose it is. Requests go as POST forms (what the SDKs send; moto mis-verifies GET),
/// a bounded number at a time, each with a timeout, and never before `verify` is called: without
/// `--verify` nothing leaves the machine.
public final class STSClient: Sendable {
    /// The real global endpoint; signs with `us-east-1`.
    public static let globalEndpoint = URL(string: "https://sts.amazonaws.com")!
    /// The default: the regional endpoint in `us-east-1`.
    public static let defaultEndpoint = URL(string: "https://sts.us-east-1.amazonaws.com")!

    public let endpoint: URL
    public let region: String
    public let timeout: TimeInterval
    public let maxConcurrent: Int
    /// Smallest gap between the starts of two requests, to stay under provider rate limits.
    public let minimumInterval: TimeInterval
    let session: URLSession

    /// Errors in setting up a client, before any request is sent.
    public enum SetupError: Error, CustomStringConvertible {
        case badEndpoint(String)

        public var description: String {
            switch self {
            case .badEndpoint(let text):
                return "--sts-endpoint '\(text)' is not an http(s) URL with a host; use e.g. https://sts.us-east-1.amazonaws.com"
            }
        }
    }

    /// - Parameters:
    ///   - endpoint: the STS URL; the signing region is read from `sts.<region>.amazonaws.com`,
    ///     and is `us-east-1` for the global endpoint and for anything else (a local moto server).
    ///   - region: overrides the inferred signing region.
    public init(endpoint: URL = STSClient.defaultEndpoint, region: String? = nil, timeout: TimeInterval = 10,
                maxConcurrent: Int = 4, minimumInterval: TimeInterval = 0.05) throws {
        guard let scheme = endpoint.scheme?.lowercased(), scheme == "https" || scheme == "http",
              let host = endpoint.host, !host.isEmpty else {
            throw SetupError.badEndpoint(endpoint.absoluteString)
        }
        self.endpoint = endpoint
        self.region = region ?? Self.signingRegion(host: host)
        self.timeout = timeout
        self.maxConcurrent = max(1, maxConcurrent)
        self.minimumInterval = max(0, minimumInterval)
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout * 2
        configuration.httpShouldSetCookies = false
        configuration.urlCache = nil
        self.session = URLSession(configuration: configuration)
    }

    deinit { session.finishTasksAndInvalidate() }

    /// `sts.eu-west-1.amazonaws.com` → `eu-west-1`; everything else → `us-east-1`.
    public static func signingRegion(host: String) -> String {
        let parts = host.lowercased().split(separator: ".")
        if parts.count >= 4, parts[0] == "sts", parts[parts.count - 2] == "amazonaws" || parts.contains("amazonaws") {
            let candidate = String(parts[1])
            if candidate != "amazonaws" { return candidate }
        }
        return "us-east-1"
    }

    /// The `Host` header value: host, plus the port when it is not the scheme's default.
    var hostHeader: String {
        let host = endpoint.host ?? ""
        guard let port = endpoint.port else { return host }
        let scheme = endpoint.scheme?.lowercased()
        if (scheme == "https" && port == 443) || (scheme == "http" && port == 80) { return host }
        return "\(host):\(port)"
    }

    /// The signed POST request for `credentials` at `date`.
    public func request(for credentials: AWSCredentials, at date: Date = Date()) -> URLRequest {
        let body = "Action=GetCallerIdentity&Version=2011-06-15"
        let unsigned = SigV4Request(method: "POST", path: endpoint.path.isEmpty ? "/" : endpoint.path, headers: [
            (name: "Content-Type", value: "application/x-www-form-urlencoded; charset=utf-8"),
            (name: "Host", value: hostHeader),
        ], body: Array(body.utf8))
        let signed = SigV4Signer(credentials: credentials, region: region, service: "sts").sign(unsigned, at: date)
        var request = URLRequest(url: endpoint, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        request.httpMethod = "POST"
        for (name, value) in signed.headers { request.setValue(value, forHTTPHeaderField: name) }
        request.httpBody = Data(body.utf8)
        return request
    }

    /// Verifies one pair. Network failures and timeouts come back as status `error`, never thrown.
    public func verify(_ credentials: AWSCredentials) async -> Verification {
        guard !credentials.accessKeyId.isEmpty, !credentials.secretAccessKey.isEmpty else {
            return Verification(status: "error", detail: "empty key id or secret")
        }
        do {
            let (data, response) = try await session.data(for: request(for: credentials))
            let status = (response as? HTTPURLResponse)?.statusCode ?? 0
            return STSResponse.verification(status: status, body: String(decoding: data, as: UTF8.self))
        } catch {
            return Verification(status: "error", detail: "\(endpoint.absoluteString): \(Self.describe(error))")
        }
    }

    /// Verifies every pair, at most `maxConcurrent` in flight and starts spaced by
    /// `minimumInterval`; results come back in the order of `pairs`.
    public func verifyAll(_ pairs: [AWSCredentials]) async -> [Verification] {
        var results = [Verification?](repeating: nil, count: pairs.count)
        await withTaskGroup(of: (Int, Verification).self) { group in
            var next = 0
            func startOne() async {
                let index = next
                next += 1
                if index > 0, minimumInterval > 0 {
                    try? await Task.sleep(nanoseconds: UInt64(minimumInterval * 1_000_000_000))
                }
                let pair = pairs[index]
                group.addTask { (index, await self.verify(pair)) }
            }
            while next < pairs.count, next < maxConcurrent { await startOne() }
            while let (index, verification) = await group.next() {
                results[index] = verification
                if next < pairs.count { await startOne() }
            }
        }
        return results.map { $0 ?? Verification(status: "error", detail: "not run") }
    }

    static func describe(_ error: Error) -> String {
        if let urlError = error as? URLError {
            switch urlError.code {
            case .timedOut: return "timed out"
            case .cannotConnectToHost: return "connection refused"
            case .cannotFindHost, .dnsLookupFailed: return "host not found"
            case .notConnectedToInternet: return "no network"
            default: return "network error \(urlError.code.rawValue)"
            }
        }
        return String(describing: error)
    }
}
