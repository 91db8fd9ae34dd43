import Testing
import Certificates
import OpenSSLSupport
import Domain
import Replies

/// A certificate's name (`cert new --name`, `request --app-name`) and a connection's
/// (`import --name`, `connection rename`) are checked by the one rule: the two validators
/// accept and refuse the same names, each in its own words.
@Suite struct NameRuleAgreementTests {
    static let names = ["contoso-reports", "Café Reports 2", "App 1_2.x", "Zürich", "a.b", "payments", String(repeating: "x", count: 64),
                        "", "a/b", "a\\b", "..", ".", "a..b", ".hidden", "-rf", " padded", "padded ", "a\u{01}b", "a\nb", "a\u{7F}b",
                        "a\u{85}b", "a\u{200B}b", "a\u{202E}b", String(repeating: "x", count: 65), "SPC-7K3D-Q9XA", "SPC7K3DQ9XA"]

    @Test(arguments: names)
    func bothValidatorsAgree(_ name: String) {
        let connection = Result { () throws(RepliesError) in try ReplyCheck.connectionName(name) }
        let certificate = Result { () throws(CertificateError) in try SelfSignedCertificate.validate(commonName: name) }
        switch (connection, certificate, NameRule.violation(in: name)) {
        case (.success, .success, nil):
            break
        case (.failure(let refusal), .failure(let certificateRefusal), let violation?):
            #expect(refusal.code == .repliesInvalidName && certificateRefusal.code == .invalidName)
            #expect(refusal.reason == violation.detail(subject: "the connection name"))
            #expect(certificateRefusal.reason == violation.detail(subject: "the name"))
        default:
            Issue.record("\(name.debugDescription): connection \(connection), certificate \(certificate)")
        }
    }
}
