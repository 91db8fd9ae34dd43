import Foundation
import Testing
import OpenSSLSupport
import TestSupport
@testable import Workflow

/// The email's attachments arrive: none has an extension on Outlook's default blocked list, the
/// certificate is a PEM the admin center accepts, and the PowerShell script is UTF-8 with a BOM.
@Suite struct AttachmentTests {
    /// Outlook's and Outlook on the web's default blocked file types ("Blocked attachments in
    /// Outlook", https://support.microsoft.com/office/434752e1-02d3-4e90-9124-8b81e49a8519, and
    /// Exchange Online's OWA mailbox policy BlockedFileTypes, which added .ps1, .cer, .crt, .der,
    /// .py and others in 2019). `.pem`, `.txt` and `.sh` are not on them.
    static let blocked: Set<String> = [
        "ade", "adp", "app", "application", "appref-ms", "asp", "aspx", "asx", "bas", "bat", "bgi", "cab", "cer", "chm", "cmd",
        "cnt", "com", "cpl", "crt", "csh", "der", "diagcab", "exe", "fxp", "gadget", "grp", "hlp", "hpj", "hta", "htc", "inf",
        "ins", "isp", "its", "jar", "jnlp", "js", "jse", "ksh", "lnk", "mad", "maf", "mag", "mam", "maq", "mar", "mas", "mat",
        "mau", "mav", "maw", "mcf", "mda", "mdb", "mde", "mdt", "mdw", "mdz", "msc", "msh", "msh1", "msh2", "mshxml", "msh1xml",
        "msh2xml", "msi", "msp", "mst", "msu", "ops", "osd", "pcd", "pif", "pl", "plg", "prf", "prg", "printerexport", "ps1",
        "ps1xml", "ps2", "ps2xml", "psc1", "psc2", "psd1", "psdm1", "pssc", "pst", "py", "pyc", "pyo", "pyw", "pyz", "pyzw",
        "reg", "scf", "scr", "sct", "shb", "shs", "theme", "tmp", "url", "vb", "vbe", "vbp", "vbs", "vhd", "vhdx", "vsmacros",
        "vsw", "webpnp", "website", "ws", "wsb", "wsc", "wsf", "wsh", "xbap", "xll", "xnk",
    ]

    @Test func attachmentsHaveNoBlockedExtensionAndOpenAsTheyShould() throws {
        let request = Fixture.request(api: .both)
        let instructions = try Fixture.render(request)
        let message = try RequestMessage.compose(request, instructions: instructions)
        let folder = try Fixture.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let eml = folder.appendingPathComponent("request.eml")
        try Data(message.bytes).write(to: eml)
        // Python's email package reads the message, independently of our encoder.
        let parsed = try Tool.run(testPython, [Fixture.repository.appendingPathComponent("scripts/mail_check.py").path, eml.path])
        try #require(parsed.status == 0, "\(parsed.output)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(parsed.output.utf8)) as? [String: Any])
        let attachments = try #require(json["attachments"] as? [[String: Any]])
        let names = attachments.compactMap { $0["filename"] as? String }
        #expect(names == ["contoso-reports-SPC-7K3D-Q9XA.pem", "register-app-SPC-7K3D-Q9XA.ps1.txt", "register-app-SPC-7K3D-Q9XA.sh"])
        for name in names {
            let ext = String(name.split(separator: ".").last ?? "").lowercased()
            #expect(!Self.blocked.contains(ext), "\(name) is blocked by Outlook")
        }
        func bytes(_ index: Int) -> [UInt8] { Array(Data(base64Encoded: attachments[index]["base64"] as? String ?? "") ?? Data()) }
        // The certificate: a PEM that openssl reads, with the request's thumbprint.
        let pem = folder.appendingPathComponent("cert.pem")
        try Data(bytes(0)).write(to: pem)
        let openssl = try Tool.run("openssl", ["x509", "-in", pem.path, "-noout", "-fingerprint", "-sha1"])
        #expect(openssl.status == 0)
        #expect(openssl.output.replacingOccurrences(of: ":", with: "").contains(Fixture.certificate.fingerprints.thumbprint))
        // The PowerShell script: UTF-8 with a byte order mark, then the script.
        #expect(Array(bytes(1).prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(Array(bytes(1).dropFirst(3)) == Array(instructions.powershell.utf8))
        #expect(bytes(2) == Array(instructions.azureCLI.utf8))
    }
}
