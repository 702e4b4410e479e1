import Foundation
import Testing
@testable import KeysweepAWS

/// SigV4 against AWS's published test-suite vectors (aws-sig-v4-test-suite / aws-c-auth v4) and the
/// team's GetCallerIdentity regression values (shared/reference/aws.md §6.2, §6.3).
@Suite struct SigV4Tests {
    static let suiteCredentials = AWSCredentials(accessKeyId: "AKIDEXAMPLE",
                                                 secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    static let date = Date(timeIntervalSince1970: 1_440_938_160)  // 2015-08-30T12:36:00Z
    static let suiteToken = "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA=="

    func suiteSigner(service: String = "service", token: String? = nil) -> SigV4Signer {
        var creds = Self.suiteCredentials
        creds.sessionToken = token
        return SigV4Signer(credentials: creds, region: "us-east-1", service: service)
    }

    func request(_ method: String, query: [(name: String, value: String)] = [],
                 host: String = "example.amazonaws.com", extra: [(name: String, value: String)] = [],
                 body: String = "") -> SigV4Request {
        SigV4Request(method: method, path: "/", query: query,
                     headers: [(name: "Host", value: host)] + extra
                        + [(name: "X-Amz-Date", value: "20150830T123600Z")],
                     body: Array(body.utf8))
    }

    @Test func amzDateFormatsUTC() {
        #expect(SigV4Signer.amzDate(Self.date) == "20150830T123600Z")
    }

    @Test func getVanillaMatchesEveryPublishedFile() {
        let req = request("GET")
        #expect(SigV4Signer.canonicalRequest(req) == """
            GET
            /

            host:example.amazonaws.com
            x-amz-date:20150830T123600Z

            host;x-amz-date
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """)
        let signer = suiteSigner()
        #expect(signer.stringToSign(for: req, at: Self.date) == """
            AWS4-HMAC-SHA256
            20150830T123600Z
            20150830/us-east-1/service/aws4_request
            bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63
            """)
        #expect(signer.authorization(for: req, at: Self.date) == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")
    }

    @Test func postVanilla() {
        let req = request("POST")
        let sts = suiteSigner().stringToSign(for: req, at: Self.date)
        #expect(sts.hasSuffix("553f88c9e4d10fc9e109e2aeb65f030801b70c2f6468faca261d401ae622fc87"))
        #expect(suiteSigner().signature(for: req, at: Self.date) == "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b")
    }

    @Test func queryParametersAreSortedByName() {
        let req = request("GET", query: [(name: "Param2", value: "value2"), (name: "Param1", value: "value1")])
        #expect(SigV4Signer.canonicalRequest(req).split(separator: "\n")[2] == "Param1=value1&Param2=value2")
        #expect(suiteSigner().signature(for: req, at: Self.date) == "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500")
    }

    @Test func sessionTokenIsSignedBeforeTheSignature() {
        let req = request("POST", extra: [(name: "X-Amz-Security-Token", value: Self.suiteToken)])
        #expect(SigV4Signer.signedHeaders(req) == "host;x-amz-date;x-amz-security-token")
        #expect(suiteSigner().signature(for: req, at: Self.date) == "85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead")
    }

    @Test func signAddsTokenAndAuthorizationHeaders() {
        let bare = SigV4Request(method: "POST", headers: [(name: "Host", value: "example.amazonaws.com")])
        let signed = suiteSigner(token: Self.suiteToken).sign(bare, at: Self.date)
        let names = signed.headers.map(\.name)
        #expect(names == ["Host", "X-Amz-Date", "X-Amz-Security-Token", "Authorization"])
        #expect(signed.headers.last?.value.hasSuffix("Signature=85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead") == true)
    }

    @Test func legacyFormURLEncodedPost() {
        let req = request("POST", extra: [(name: "Content-Type", value: "application/x-www-form-urlencoded")],
                          body: "Param1=value1")
        #expect(suiteSigner().signature(for: req, at: Self.date) == "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a")
    }

    @Test(arguments: [
        ("20120215", "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d"),
        ("20150830", "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9"),
    ])
    func signingKeyDerivation(day: String, expected: String) {
        let key = SigV4Signer.signingKey(secret: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                                         day: day, region: "us-east-1", service: "iam")
        #expect(SigV4Signer.hex(key) == expected)
    }

    @Test func iamListUsersDocumentationExample() {
        let req = request("GET", query: [(name: "Action", value: "ListUsers"), (name: "Version", value: "2010-05-08")],
                          host: "iam.amazonaws.com",
                          extra: [(name: "Content-Type", value: "application/x-www-form-urlencoded; charset=utf-8")])
        #expect(SigV4Signer.sha256Hex(Array(SigV4Signer.canonicalRequest(req).utf8)) == "f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59")
        #expect(suiteSigner(service: "iam").signature(for: req, at: Self.date) == "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7")
    }

    @Test func getCallerIdentityPostRegression() {
        let req = request("POST", host: "sts.amazonaws.com",
                          extra: [(name: "Content-Type", value: "application/x-www-form-urlencoded; charset=utf-8")],
                          body: "Action=GetCallerIdentity&Version=2011-06-15")
        let signer = suiteSigner(service: "sts")
        #expect(SigV4Signer.canonicalRequest(req).hasSuffix("ab821ae955788b0e33ebd34c208442ccfc2d406e2edc5e7a39bd6458fbb4f843"))
        #expect(signer.stringToSign(for: req, at: Self.date).hasSuffix("db0f231bd5fb16e6f5461c322c611c18d360f776c1ec9aea36032f7469ea7559"))
        #expect(signer.signature(for: req, at: Self.date) == "6fb20d31f734d876c5682fdd2678d194cf68b862755f83b7ba1373c0874be25c")
    }

    @Test func getCallerIdentityGetRegression() {
        let req = request("GET", query: [(name: "Action", value: "GetCallerIdentity"), (name: "Version", value: "2011-06-15")],
                          host: "sts.amazonaws.com")
        #expect(SigV4Signer.sha256Hex(Array(SigV4Signer.canonicalRequest(req).utf8)) == "0528227b938c2bd1179bc5450a50f48325dca2ee7e9d3ae37bf05bdcd06dea6c")
        #expect(suiteSigner(service: "sts").signature(for: req, at: Self.date) == "bf7e30cceae581ea22f5fcd38f36caf23994090eea970be4bee5de65334b2803")
    }

    @Test func uriEncodingKeepsOnlyUnreservedCharacters() {
        #expect(SigV4Signer.uriEncode("a b/c~d=é") == "a%20b%2Fc~d%3D%C3%A9")
        #expect(SigV4Signer.trimAndCollapse("  a   b  ") == "a b")
    }
}
