// The vault address and certificate name rules of `export --to azure-keyvault`.
import Common
import Domain
@testable import Entra
import Testing

@Suite struct KeyVaultAddressTests {
    @Test(arguments: [(Cloud.global, "vault.azure.net"), (.usgov, "vault.usgovcloudapi.net"), (.usgovdod, "vault.usgovcloudapi.net"),
                      (.china, "vault.azure.cn")])
    func eachCloudTakesItsOwnVaultsOnly(_ cloud: Cloud, suffix: String) throws {
        let address = try KeyVaultAddress("https://Contoso-KV.\(suffix)/", cloud: cloud)
        #expect(address.url == "https://contoso-kv.\(suffix)")
        #expect(address.importURL(certificate: "reports") == "https://contoso-kv.\(suffix)/certificates/reports/import?api-version=2025-07-01")
        #expect(cloud.keyVaultResource == "https://" + suffix)
        for other in Cloud.allCases where other.keyVaultSuffix != suffix {
            #expect(throws: EntraError.self) { try KeyVaultAddress("https://contoso-kv.\(other.keyVaultSuffix)", cloud: cloud) }
        }
    }

    @Test(arguments: [("contoso-reports", "contoso-reports"), ("contoso_reports.2025", "contoso-reports-2025"), ("--a__b--", "a-b"),
                      ("rapports-équipe", "rapports-quipe"), ("日本", "spconnect"), (String(repeating: "x", count: 200), String(repeating: "x", count: 127))])
    func theDefaultNameFitsKeyVaultsPattern(_ connection: String, expected: String) {
        let name = KeyVaultAddress.certificateName(forConnection: connection)
        #expect(name == expected)
        #expect(KeyVaultAddress.isCertificateName(name))
    }

    @Test func thePFXBodyIsTheReferencesShape() throws {
        let body = KeyVaultClient.importBody(pfx: SecretBytes(Array("PFX".utf8)), password: SecretBytes(Array("0123abcd".utf8)), keySize: 3072)
        let text = body.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
        #expect(text == #"{"value":"UEZY","pwd":"0123abcd","policy":{"key_props":{"exportable":true,"kty":"RSA","key_size":3072,"reuse_key":false},"secret_props":{"contentType":"application/x-pkcs12"}}}"#)
    }

    @Test func secretBase64AgreesWithTheOrdinaryEncoder() {
        for count in 0..<40 {
            let bytes = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 151 &+ count &* 7 &+ 3) }
            let secret = Base64.encode(secret: SecretBytes(bytes))
            #expect(secret.withUnsafeBytes { String(decoding: $0, as: UTF8.self) } == Base64.encode(bytes))
        }
    }
}
