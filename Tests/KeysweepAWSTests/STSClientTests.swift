import Foundation
import KeysweepCore
import KeysweepTestSupport
import Testing
@testable import KeysweepAWS

/// STS verification: response classification on both error envelopes, and live calls against a
/// moto server on 127.0.0.1 with its signature checks switched on.
@Suite struct STSClientTests {
    @Test func successEnvelope() {
        let xml = """
            <GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>\
            <UserId>AIDASAMPLEUSERID</UserId><Account>123456789012</Account>\
            <Arn>arn:aws:iam::123456789012:user/DevAdmin</Arn></GetCallerIdentityResult></GetCallerIdentityResponse>
            """
        let v = STSResponse.verification(status: 200, body: xml)
        #expect(v == Verification(status: "valid", arn: "arn:aws:iam::123456789012:user/DevAdmin",
                                  account: "123456789012", userId: "AIDASAMPLEUSERID"))
    }

    @Test func motoErrorEnvelope() {
        let xml = "<ErrorResponse><Errors><Error><Code>InvalidClientTokenId</Code><Message>The security token included in the request is invalid.</Message><Type>Sender</Type></Error></Errors></ErrorResponse>"
        let v = STSResponse.verification(status: 403, body: xml)
        #expect(v.status == "invalid")
        #expect(v.detail == "InvalidClientTokenId: The security token included in the request is invalid.")
    }

    @Test func awsErrorEnvelopeWithNamespace() {
        let xml = "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type><Code>SignatureDoesNotMatch</Code><Message>a &amp; b</Message></Error><RequestId>x</RequestId></ErrorResponse>"
        let v = STSResponse.verification(status: 403, body: xml)
        #expect(v.status == "invalid")
        #expect(v.detail == "SignatureDoesNotMatch: a & b")
    }

    @Test func expiredAndUnknownErrors() {
        let expired = "<ErrorResponse><Error><Code>ExpiredToken</Code><Message>The security token included in the request is expired</Message></Error></ErrorResponse>"
        #expect(STSResponse.verification(status: 403, body: expired).status == "expired")
        let throttled = "<ErrorResponse><Error><Code>Throttling</Code><Message>Rate exceeded</Message></Error></ErrorResponse>"
        let v = STSResponse.verification(status: 400, body: throttled)
        #expect(v.status == "error")
        #expect(v.detail == "HTTP 400 Throttling: Rate exceeded")
        #expect(STSResponse.verification(status: 502, body: "<html>bad gateway</html>").status == "error")
    }

    @Test(arguments: [
        ("sts.amazonaws.com", "us-east-1"), ("sts.eu-west-1.amazonaws.com", "eu-west-1"),
        ("sts.us-gov-west-1.amazonaws.com", "us-gov-west-1"), ("127.0.0.1", "us-east-1"),
    ])
    func signingRegionFromHost(host: String, region: String) {
        #expect(STSClient.signingRegion(host: host) == region)
    }

    @Test func rejectsEndpointWithoutHost() {
        #expect(throws: STSClient.SetupError.self) { try STSClient(endpoint: URL(string: "file:///tmp/x")!) }
    }

    @Test func signedRequestCarriesFormBodyAndPortInHost() throws {
        let client = try STSClient(endpoint: URL(string: "http://127.0.0.1:5000")!)
        let request = client.request(for: AWSCredentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "s"),
                                     at: Date(timeIntervalSince1970: 1_440_938_160))
        #expect(request.httpMethod == "POST")
        #expect(request.value(forHTTPHeaderField: "Host") == "127.0.0.1:5000")
        #expect(String(decoding: request.httpBody ?? Data(), as: UTF8.self) == "Action=GetCallerIdentity&Version=2011-06-15")
        let auth = try #require(request.value(forHTTPHeaderField: "Authorization"))
        #expect(auth.hasPrefix("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/sts/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature="))
    }

    @Test func unreachableEndpointIsAnErrorNotACrash() async throws {
        // A port nobody listens on: bind, read the number, close.
        let client = try STSClient(endpoint: URL(string: "http://127.0.0.1:9")!, timeout: 3)
        let v = await client.verify(AWSCredentials(accessKeyId: "AKIAQAAAAAAAFWZ4VSBP", secretAccessKey: "x"))
        #expect(v.status == "error")
        #expect(v.detail?.contains("127.0.0.1:9") == true)
    }

    @Test func liveAgainstMoto() async throws {
        let moto = try MotoServer()
        defer { moto.stop() }
        try moto.aws(["iam", "create-user", "--user-name", "ci-deployer"])
        let created = try JSONSerialization.jsonObject(with: Data(moto.aws(["iam", "create-access-key", "--user-name", "ci-deployer"]).utf8)) as? [String: Any]
        let key = try #require(created?["AccessKey"] as? [String: Any])
        let id = try #require(key["AccessKeyId"] as? String)
        let secret = try #require(key["SecretAccessKey"] as? String)
        try moto.setAuth(true)

        let client = try STSClient(endpoint: URL(string: moto.endpoint)!, maxConcurrent: 2)
        let results = await client.verifyAll([
            AWSCredentials(accessKeyId: id, secretAccessKey: secret),
            AWSCredentials(accessKeyId: id, secretAccessKey: String(secret.reversed())),
            AWSCredentials(accessKeyId: "AKIAQAAAAAAAFWZ4VSBP", secretAccessKey: secret),
        ])
        #expect(results[0].status == "valid")
        #expect(results[0].arn == "arn:aws:iam::123456789012:user/ci-deployer")
        #expect(results[0].account == "123456789012")
        #expect(results[1].status == "invalid")
        #expect(results[1].detail?.hasPrefix("SignatureDoesNotMatch") == true)
        #expect(results[2].status == "invalid")
        #expect(results[2].detail?.hasPrefix("InvalidClientTokenId") == true)

        // The key's own user has no IAM permissions; delete it as the (unchecked) bootstrap admin.
        try moto.setAuth(false)
        try moto.aws(["iam", "delete-access-key", "--user-name", "ci-deployer", "--access-key-id", id])
        try moto.setAuth(true)
        let afterDelete = await client.verify(AWSCredentials(accessKeyId: id, secretAccessKey: secret))
        #expect(afterDelete.status == "invalid")
    }
}
