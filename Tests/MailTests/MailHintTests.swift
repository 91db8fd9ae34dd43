// The hints the command line writes for Mail's refusals: made by Hints from the error's code
// and facts, the same words at each throw site as before the module carried facts only.
import Common
import Hints
@testable import Mail
import Testing

@Suite("Mail refusals carry the facts their hints are made from")
struct MailHintTests {
    private func hint(_ body: () throws(MailError) -> Void) -> String? {
        do throws(MailError) {
            try body()
            return "no error"
        } catch {
            return Hint.text(for: error)
        }
    }

    @Test("one code, different next steps: the rule that refused the address decides")
    func addressRulesHaveTheirOwnHints() {
        #expect(hint { () throws(MailError) in _ = try EmailAddress("admin.contoso.com", field: "--admin") } == "give an address such as admin@contoso.com")
        #expect(hint { () throws(MailError) in _ = try EmailAddress("", field: "--admin") } == "give an address such as admin@contoso.com")
        #expect(hint { () throws(MailError) in _ = try EmailAddress("adm\u{E9}n@contoso.com", field: "--admin") } == "use an ASCII address for this mailbox")
        #expect(hint { () throws(MailError) in _ = try EmailAddress("ad(min@contoso.com", field: "--admin") }?.hasPrefix("an address is local@domain") == true)
        #expect(hint { () throws(MailError) in _ = try EmailAddress("admin@[192.0.2.1]", field: "--admin") } == "use the mail domain's name")
        #expect(hint { () throws(MailError) in _ = try EmailAddress("admin@-contoso.com", field: "--admin") } == "check the domain after the @")
        // A rule with nothing useful to add has no hint.
        #expect(hint { () throws(MailError) in _ = try EmailAddress("@contoso.com", field: "--admin") } == nil)
        #expect(hint { () throws(MailError) in _ = try EmailAddress("admin\r\n@contoso.com", field: "--admin") } == "remove the control character from --admin")
    }

    @Test("the settings' hints name the setting that is wrong")
    func settingsHintsNameTheSetting() {
        let host = SMTPSettings(host: "smtp host", port: 587, username: nil, password: nil)
        #expect(hint { () throws(MailError) in try host.validate() } == "set [smtp] host in config.toml, e.g. smtp.office365.com")
        let port = SMTPSettings(host: "smtp.contoso.com", port: 0, username: nil, password: nil)
        #expect(hint { () throws(MailError) in try port.validate() } == "use 587, the submission port")
        let password = SMTPSettings(host: "smtp.contoso.com", port: 587, username: "dev", password: nil)
        #expect(hint { () throws(MailError) in try password.validate() } == "set password_file or password_command in config.toml, or SPCONNECT_SMTP_PASSWORD")
    }

    @Test("a refusal's hint depends on whether it is temporary and on the login")
    func deliveryHintsFollowTheFacts() {
        let temporary = MailError(.recipientRejected, "", facts: ErrorFacts(isTemporary: true))
        let permanent = MailError(.recipientRejected, "")
        #expect(Hint.text(for: temporary) == "try again later with `spconnect send`")
        #expect(Hint.text(for: permanent) == "check the address, then send again")
        let anonymous = MailError(.authenticationRequired, "")
        let signedIn = MailError(.authenticationRequired, "", facts: ErrorFacts(values: [.username: "dev"]))
        #expect(Hint.text(for: anonymous)?.hasPrefix("the server wants a login: set [smtp] username") == true)
        #expect(Hint.text(for: signedIn) == "the server did not take the login dev as signed in; check [smtp] username and the password")
    }

    @Test("no Mail error text names a command-line flag; the hints may")
    func onlyHintsNameFlags() {
        let error = MailError(.noRecipients, "a message needs at least one recipient", location: "To")
        #expect(!error.reason.contains("--"))
        #expect(Hint.text(for: error) == "give an address with --admin")
    }
}
