import Foundation
import Testing
@testable import Workflow

struct ConfigurationTests {
    @Test func readsTheDesignExample() throws {
        let configuration = try Configuration.parse("""
            [smtp]
            host = "smtp.example.com"
            port = 587                       # STARTTLS is required
            username = "dev@example.com"
            password_file = "/home/dev/.config/spconnect/smtp-password"
            ca_file = "/etc/ssl/certs/corp-ca.pem"
            from = "Dana Developer <dev@example.com>"

            [defaults]
            cloud = "usgov"
            key_size = 4096
            """)
        #expect(configuration.hasSMTPServer)
        #expect(configuration.smtp.host == "smtp.example.com")
        #expect(configuration.smtp.port == 587)
        #expect(configuration.smtp.username == "dev@example.com")
        #expect(configuration.smtp.passwordFile == "/home/dev/.config/spconnect/smtp-password")
        #expect(configuration.smtp.caFile == "/etc/ssl/certs/corp-ca.pem")
        #expect(configuration.smtp.from == "Dana Developer <dev@example.com>")
        #expect(configuration.defaults.cloud == "usgov")
        #expect(configuration.defaults.keySize == 4096)
    }

    @Test func anEmptyOrMissingFileIsTheDefault() throws {
        #expect(try Configuration.parse("") == Configuration.parse(""))
        #expect(!(try Configuration.parse("")).hasSMTPServer)
        #expect(try Configuration.load("/nonexistent/config.toml") == Configuration())
    }

    @Test(arguments: [
        "[smtp]\nhots = \"typo\"",
        "[smtp]\nport = 0",
        "[smtp]\nport = \"587\"",
        "[smtp]\nhost = \"\"",
        "[smpt]\nhost = \"x\"",
        "smtp = 3",
        "[smtp]\npassword_file = \"a\"\npassword_command = \"b\"",
        "[defaults]\nkey_size = 1024",
        "[smtp\nhost = \"x\"",
    ])
    func badFilesAreErrorsNamingTheProblem(text: String) {
        #expect(throws: WorkflowError(.configInvalid, "")) { try Configuration.parse(text, path: "/h/config.toml") }
        do {
            _ = try Configuration.parse(text, path: "/h/config.toml")
        } catch {
            #expect(error.reason.contains("/h/config.toml"))
        }
    }

    @Test func passwordCommandGivesItsFirstLine() throws {
        var smtp = Configuration.SMTP()
        smtp.passwordCommand = "printf 'hunter2\\nsecond line\\n'"
        unsetenv("SPCONNECT_SMTP_PASSWORD")
        let password = try #require(try SMTPPassword.resolve(smtp))
        #expect(password.withUnsafeBytes { Array($0) } == Array("hunter2".utf8))
        smtp.passwordCommand = "exit 3"
        #expect(throws: WorkflowError(.smtpPasswordUnavailable, "")) { try SMTPPassword.resolve(smtp) }
        smtp.passwordCommand = "true"
        #expect(throws: WorkflowError(.smtpPasswordUnavailable, "")) { try SMTPPassword.resolve(smtp) }
        #expect(try SMTPPassword.resolve(Configuration.SMTP()) == nil)
    }
}
