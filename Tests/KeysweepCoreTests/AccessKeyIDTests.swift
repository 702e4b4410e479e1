import Testing
import KeysweepAWS

@Suite struct AccessKeyIDTests {
    @Test(arguments: [
        ("ASIAY34FZKBOKMUTVV7A", "609629065308"),
        ("AKIASP2TPHJSQH3FJRUX", "171436882533"),
        ("AKIARZPUZDIKGB2VALC4", "123456789012"),
        ("ASIAQAAAAAAAGMKEM7X5", "000000000000"),
        ("AKIA6RVFFB77RE7OLMKI", "999999999999"),
        ("ASIAQNZGKIQY56JQ7WML", "029608264753"),
    ])
    func decodesAccount(key: String, account: String) throws {
        let id = try #require(AccessKeyID(key))
        #expect(id.account == account)
    }

    @Test func legacyKeysEncodeNoAccount() throws {
        #expect(try #require(AccessKeyID("AKIAIOSFODNN7EXAMPLE")).account == nil)
        #expect(try #require(AccessKeyID("AKIAJ44QH2DHBEXAMPLE")).account == nil)
    }

    @Test func kinds() {
        #expect(AccessKeyID("ASIAY34FZKBOKMUTVV7A")?.kind == .temporary)
        #expect(AccessKeyID("AKIASP2TPHJSQH3FJRUX")?.kind == .longTerm)
        #expect(AccessKeyID("AIDASP2TPHJSQH3FJRUX") == nil)
        #expect(AccessKeyID("AKIASP2TPHJSQH3FJRU0") == nil)
        #expect(AccessKeyID("AKIASP2TPHJSQH3FJRUXA") == nil)
    }
}
