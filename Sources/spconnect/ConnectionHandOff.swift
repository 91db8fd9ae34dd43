import OpenSSLSupport
import Entra
import Vault
import Workflow

/// Ready-to-paste use of what `export` writes, for the tools people connect with:
/// PnP PowerShell and CLI for Microsoft 365 (the PFX), MSAL Python and MSAL Node (the PEM);
/// and the two that need no file: `spconnect token` piped into curl, `spconnect exec`.
///
/// Every value comes from the connection: client ID, tenant, cloud, first site, thumbprints.
/// Passwords are never part of it: each snippet reads its password at run time.
struct ConnectionHandOff: Sendable {
    /// The connection the snippets use.
    let connection: ConnectionRecord
    /// The `--home` the user gave, carried into the `spconnect export` lines.
    let home: String?

    /// The hand-off of `connection`; `home` is the `--home` the user gave, if any.
    init(_ connection: ConnectionRecord, home: String? = nil) {
        self.connection = connection
        self.home = home
    }

    /// The PFX file name the snippets use (what `export --format pfx` is told to write).
    var pfxFile: String { "\(connection.name).pfx" }
    /// The PEM file name the snippets use.
    var pemFile: String { "\(connection.name).pem" }

    /// The site the snippets connect to: the connection's first, else the tenant's root.
    var site: String {
        if let first = connection.sites.first { return first }
        let suffix = connection.cloud.sharePointSuffix
        let tenantName = connection.tenantDomain?.split(separator: ".").first.map(String.init) ?? "contoso"
        return "https://\(tenantName).\(suffix)"
    }

    /// `https://<site host>/.default`.
    var scope: String {
        ((try? SiteURL(site))?.resource ?? site) + "/.default"
    }

    /// The Entra authority: `https://<login host>/<tenant>`.
    var authority: String {
        (try? VerifyEndpoints(cloud: connection.cloud))?.authority(tenant: connection.tenantID)
            ?? "https://login.microsoftonline.com/\(connection.tenantID)"
    }

    /// The SHA-256 thumbprint as 64 hex digits (MSAL Node's `thumbprintSha256`).
    var sha256Hex: String {
        (try? X509Certificate(der: Array(connection.certificate)))?.fingerprints.sha256.map { byte in
            let hex = String(byte, radix: 16, uppercase: true)
            return hex.count == 1 ? "0" + hex : hex
        }.joined() ?? connection.thumbprintSHA256.filter { $0 != ":" }
    }

    /// PnP PowerShell's `-AzureEnvironment`, when not the worldwide cloud.
    var pnpEnvironment: String? {
        ["usgov": "USGovernmentHigh", "usgovdod": "USGovernmentDoD", "china": "China"][connection.cloud.rawValue]
    }

    /// CLI for Microsoft 365's `--cloud`, when not the worldwide cloud.
    var m365Cloud: String? {
        ["usgov": "USGovHigh", "usgovdod": "USGovDoD", "china": "China"][connection.cloud.rawValue]
    }

    /// PnP PowerShell: `Connect-PnPOnline` with the PFX; the password is asked at the prompt.
    var pnpPowerShell: String {
        let prompt = PasteableCommand.powerShellWord(pfxFile) == pfxFile ? "\"Password for \(pfxFile)\"" : ScriptQuoting.powerShell("Password for \(pfxFile)")
        return "Connect-PnPOnline -Url \(site) -ClientId \(connection.clientID) -Tenant \(connection.tenantID) "
            + "-CertificatePath \(PasteableCommand.powerShellWord("./" + pfxFile)) -CertificatePassword (Read-Host -AsSecureString -Prompt \(prompt))"
            + (pnpEnvironment.map { " -AzureEnvironment \($0)" } ?? "")
    }

    /// CLI for Microsoft 365: `m365 login` with the PFX; the password comes from a variable.
    var m365: String {
        "m365 login --authType certificate --certificateFile \(PasteableCommand.shellWord("./" + pfxFile)) --password \"$SPCONNECT_CERT_PASSWORD\" "
            + "--appId \(connection.clientID) --tenant \(connection.tenantID)"
            + (m365Cloud.map { " --cloud \($0)" } ?? "")
    }

    /// MSAL Python: the PEM key and the SHA-1 thumbprint (MSAL signs RS256 with `x5t`).
    var msalPython: String {
        """
        import os, msal
        pem = open(\(ScriptQuoting.json(pemFile))).read()
        app = msal.ConfidentialClientApplication(
            "\(connection.clientID)",
            authority="\(authority)",
            client_credential={
                "private_key": pem,
                "thumbprint": "\(connection.thumbprintSHA1)",
                "passphrase": os.environ["SPCONNECT_CERT_PASSWORD"],
            },
        )
        result = app.acquire_token_for_client(scopes=["\(scope)"])
        """
    }

    /// MSAL Node: the PEM key, decrypted in memory, and the SHA-256 thumbprint (PS256).
    var msalNode: String {
        """
        const fs = require("fs"), crypto = require("crypto"), msal = require("@azure/msal-node");
        const pem = fs.readFileSync(\(ScriptQuoting.json(pemFile)), "utf8");
        const privateKey = crypto.createPrivateKey({ key: pem, passphrase: process.env.SPCONNECT_CERT_PASSWORD })
          .export({ format: "pem", type: "pkcs8" });
        const app = new msal.ConfidentialClientApplication({ auth: {
          clientId: "\(connection.clientID)",
          authority: "\(authority)",
          clientCertificate: { thumbprintSha256: "\(sha256Hex)", privateKey },
        } });
        app.acquireTokenByClientCredential({ scopes: ["\(scope)"] }).then((r) => console.log(r.expiresOn));
        """
    }

    /// `spconnect token` into curl: the site's title, with no file written.
    var tokenCurl: String {
        let token = PasteableCommand.spconnect(home: home, ["token", connection.name])
        return "curl -H \"Authorization: Bearer $(\(token))\" -H \"Accept: application/json;odata=nometadata\" "
            + ScriptQuoting.shell(site + "/_api/web?$select=Title")
    }

    /// `spconnect exec` running a program that signs in with azure-identity's `EnvironmentCredential`.
    var exec: String {
        PasteableCommand.spconnect(home: home, ["exec", connection.name, "--", "python3", "report.py"])
    }

    /// What `report.py` holds for ``exec``.
    var execPython: String {
        """
        from azure.identity import EnvironmentCredential
        token = EnvironmentCredential().get_token("\(scope)")
        """
    }

    /// The block `show` prints after the connection's fields.
    var text: String {
        func indent(_ block: String) -> String { block.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n") }
        return """
        Use it. First write the files (each asks for a password to protect the key):
          \(PasteableCommand.spconnect(home: home, ["export", connection.name, "--format", "pfx", "--out", pfxFile]))
          \(PasteableCommand.spconnect(home: home, ["export", connection.name, "--format", "pem", "--out", pemFile]))

        PnP PowerShell (\(pfxFile)):
        \(indent(pnpPowerShell))

        CLI for Microsoft 365 (\(pfxFile); it takes the password only as an argument, so set SPCONNECT_CERT_PASSWORD first):
        \(indent(m365))

        MSAL Python (\(pemFile); pip install msal):
        \(indent(msalPython))

        MSAL Node (\(pemFile); npm install @azure/msal-node):
        \(indent(msalNode))

        Or with no key file at all. A token for a script (about an hour; keep it off logs):
          \(tokenCurl)

        A program that reads AZURE_* variables (azure-identity, DefaultAzureCredential):
          \(exec)
        report.py (pip install azure-identity):
        \(indent(execPython))
        """
    }
}
