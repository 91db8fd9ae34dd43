// The no-echo password prompt, driven through a pseudo-terminal: asked twice for a new
// password, once to open a PFX, and a mismatch is refused.
import Foundation
import Testing

@Suite("password prompt on a terminal")
struct PasswordPromptTests {
    let scratch = Scratch()

    @Test func newPasswordIsAskedTwiceWithoutEcho() throws {
        let out = scratch.folder("out")
        let result = CLI.run(["cert", "new", "--name", "typed", "--out", out, "--key", Fixtures.rsaKey, "--json"],
                             terminal: [TerminalExchange(prompt: "Password for typed.key.pem and typed.pfx: ", answer: "typed secret"),
                                        TerminalExchange(prompt: "Again, to confirm: ", answer: "typed secret")])
        try #require(result.status == 0, "\(result)")
        #expect(result.terminal.contains("Password for typed.key.pem and typed.pfx: "), "\(result)")
        #expect(result.terminal.contains("Again, to confirm: "), "\(result)")
        #expect(!result.terminal.contains("typed secret"), "the password is not echoed:\n\(result)")
        #expect(CLI.openssl("pkcs12", "-in", "\(out)/typed.pfx", "-passin", "pass:typed secret", "-noout").status == 0)
        #expect(CLI.openssl("pkey", "-in", "\(out)/typed.key.pem", "-passin", "pass:typed secret", "-noout").status == 0)
    }

    @Test func mismatchedPasswordsAreRefused() {
        let out = scratch.folder("out")
        let result = CLI.run(["cert", "new", "--name", "typo", "--out", out, "--key", Fixtures.rsaKey],
                             terminal: [TerminalExchange(prompt: "Password for typo.key.pem and typo.pfx: ", answer: "first try"),
                                        TerminalExchange(prompt: "Again, to confirm: ", answer: "first tyr")])
        #expect(result.status == 1, "\(result)")
        #expect(result.errorLines == ["spconnect: error: the two passwords differ"], "\(result)")
        #expect(scratch.listing(out).isEmpty)
    }

    @Test func emptyTypedPasswordIsRefused() {
        let out = scratch.folder("out")
        let result = CLI.run(["cert", "new", "--name", "blank", "--out", out, "--key", Fixtures.rsaKey],
                             terminal: [TerminalExchange(prompt: "Password for blank.key.pem and blank.pfx: ", answer: "")])
        #expect(result.status == 1, "\(result)")
        #expect(result.errorLines == ["spconnect: error: the password is empty"], "\(result)")
        #expect(scratch.listing(out).isEmpty)
    }

    @Test func pfxPasswordIsAskedOnce() throws {
        let out = scratch.folder("out")
        let made = makeCertificate(name: "ask", out: out)
        try #require(made.status == 0, "\(made)")
        let pfx = "\(out)/ask.pfx"
        let result = CLI.run(["cert", "inspect", pfx, "--json"],
                             terminal: [TerminalExchange(prompt: "Password of \(pfx): ", answer: Fixtures.password)])
        #expect(result.status == 0, "\(result)")
        #expect(Summary.from(result)?.thumbprint == Summary.from(made)?.thumbprint)
        #expect(!result.terminal.contains("Again"), "\(result)")
    }
}
