import Foundation
import Testing
@testable import Vault
import Common
import OpenSSLSupport
import TestSupport

/// The vectors in Vectors/sealing.json were made by an independent implementation
/// (scripts/sealing_vectors.py, on Python's `cryptography`); ours must match them byte for byte.
struct SealingVectorTests {
    struct Vectors: Decodable {
        struct Seal: Decodable {
            let kind: String, id: String, secret: String, ephemeral_private: String, nonce: String, blob: String
        }
        struct Lock: Decodable {
            let version: UInt8, passphrase: String, logN: Int, r: Int, p: Int, store_id: String, salt: String, nonce: String
            let private_key: String, public_key: String, aad: String, blob: String
        }
        struct Pin: Decodable {
            let public_key: String, fingerprint: String
        }
        struct RecordMAC: Decodable {
            let key: String, kind: String, id: String, certificate_sha1: String, certificate_sha256: String, input: String, mac: String
        }
        let store_private_key: String
        let store_public_key: String
        let seals: [Seal]
        let locks: [Lock]
        let pins: [Pin]
        let record_macs: [RecordMAC]
    }

    static func load() throws -> Vectors {
        let url = try #require(Bundle.module.url(forResource: "sealing", withExtension: "json", subdirectory: "Vectors"))
        return try JSONDecoder().decode(Vectors.self, from: Data(contentsOf: url))
    }

    @Test func storePublicKeyMatches() throws {
        let vectors = try Self.load()
        let publicKey = try X25519.publicKey(of: SecretBytes(hex(vectors.store_private_key)))
        #expect(publicKey == hex(vectors.store_public_key))
    }

    @Test func sealingReproducesEveryVector() throws {
        let vectors = try Self.load()
        for vector in vectors.seals {
            let blob = try SecretSealer.seal(SecretBytes(hex(vector.secret)), to: hex(vectors.store_public_key),
                                             binding: .init(kind: vector.kind, id: vector.id),
                                             ephemeralPrivateKey: SecretBytes(hex(vector.ephemeral_private)), nonce: hex(vector.nonce))
            #expect(blob == hex(vector.blob), "vector \(vector.kind) \(vector.id)")
        }
    }

    @Test func openingReturnsEverySecret() throws {
        let vectors = try Self.load()
        let privateKey = SecretBytes(hex(vectors.store_private_key))
        for vector in vectors.seals {
            let opened = try SecretSealer.open(hex(vector.blob), privateKey: privateKey, binding: .init(kind: vector.kind, id: vector.id))
            #expect(opened.withUnsafeBytes { Array($0) } == hex(vector.secret))
        }
    }

    @Test func everyFlippedByteTruncationAndAppendixFails() throws {
        let vectors = try Self.load()
        let privateKey = SecretBytes(hex(vectors.store_private_key))
        let vector = vectors.seals[1]
        let blob = hex(vector.blob)
        let binding = SecretSealer.Binding(kind: vector.kind, id: vector.id)
        var variants: [[UInt8]] = []
        for index in blob.indices {
            var flipped = blob
            flipped[index] ^= 0x01
            variants.append(flipped)
        }
        variants += [Array(blob.dropLast()), Array(blob.prefix(49)), Array(blob.prefix(10)), [], blob + [0], blob + blob]
        for variant in variants {
            let error = #expect(throws: VaultError.self) { try SecretSealer.open(variant, privateKey: privateKey, binding: binding) }
            #expect(error?.code.domain == .vault)
        }
    }

    @Test func aBlobMovedToAnotherRecordFails() throws {
        let vectors = try Self.load()
        let privateKey = SecretBytes(hex(vectors.store_private_key))
        let vector = vectors.seals[0]
        for binding in [SecretSealer.Binding(kind: "request", id: vector.id), .init(kind: vector.kind, id: "SPC-7K3D-Q9XB"),
                        .init(kind: vector.kind + "\u{0}", id: vector.id)] {
            #expect(throws: VaultError(.vaultAuthenticationFailed, "")) {
                try SecretSealer.open(hex(vector.blob), privateKey: privateKey, binding: binding)
            }
        }
    }

    @Test func lockReproducesTheVectorAndUnlocks() throws {
        let vectors = try Self.load()
        for vector in vectors.locks {
            let parameters = ScryptParameters(logN: vector.logN, r: vector.r, p: vector.p)
            let publicKey = hex(vector.public_key)
            #expect(StoreKeyLock.associatedData(version: vector.version, storeID: vector.store_id, publicKey: publicKey, parameters: parameters) == hex(vector.aad))
            let blob = try StoreKeyLock.lock(SecretBytes(hex(vector.private_key)), publicKey: publicKey, passphrase: SecretBytes(hex(vector.passphrase)),
                                             parameters: parameters, storeID: vector.store_id, salt: hex(vector.salt), nonce: hex(vector.nonce),
                                             version: vector.version)
            #expect(blob == hex(vector.blob))
            let key = try StoreKeyLock.unlock(hex(vector.blob), passphrase: SecretBytes(hex(vector.passphrase)), parameters: parameters,
                                              storeID: vector.store_id, publicKey: publicKey)
            #expect(key.withUnsafeBytes { Array($0) } == hex(vector.private_key))
            #expect(throws: VaultError(.wrongPassphrase, "")) {
                try StoreKeyLock.unlock(hex(vector.blob), passphrase: SecretBytes(Array("wrong".utf8)), parameters: parameters,
                                        storeID: vector.store_id, publicKey: publicKey)
            }
            #expect(throws: VaultError(.wrongPassphrase, "")) {
                try StoreKeyLock.unlock(hex(vector.blob), passphrase: SecretBytes(hex(vector.passphrase)), parameters: parameters,
                                        storeID: "SPC-OTHR-0001", publicKey: publicKey)
            }
            #expect(throws: VaultError(.malformedBlob, "")) {
                try StoreKeyLock.unlock(hex(vector.blob), passphrase: SecretBytes(hex(vector.passphrase)),
                                        parameters: ScryptParameters(logN: 40), storeID: vector.store_id, publicKey: publicKey)
            }
            if vector.version == 2 {
                // Version 2 binds the public key and the scrypt parameters: a swapped key or a
                // changed cost (one that still passes the bounds) does not unlock.
                var other = publicKey
                other[0] ^= 0x01
                #expect(throws: VaultError(.wrongPassphrase, "")) {
                    try StoreKeyLock.unlock(hex(vector.blob), passphrase: SecretBytes(hex(vector.passphrase)), parameters: parameters,
                                            storeID: vector.store_id, publicKey: other)
                }
                var changed = parameters
                changed.p = 2
                #expect(throws: VaultError(.wrongPassphrase, "")) {
                    try StoreKeyLock.unlock(hex(vector.blob), passphrase: SecretBytes(hex(vector.passphrase)), parameters: changed,
                                            storeID: vector.store_id, publicKey: publicKey)
                }
            }
        }
    }

    @Test func pinFingerprintsMatchTheIndependentImplementation() throws {
        let vectors = try Self.load()
        #expect(!vectors.pins.isEmpty)
        for vector in vectors.pins {
            #expect(StorePin.fingerprint(hex(vector.public_key)) == vector.fingerprint)
        }
    }

    /// The record MAC input (length-prefixed fields) and its HMAC-SHA256, byte for byte as
    /// Python's `hmac` and `hashlib` make them.
    @Test func recordMACsMatchTheIndependentImplementation() throws {
        let vectors = try Self.load()
        #expect(vectors.record_macs.count == 2)
        for vector in vectors.record_macs {
            let input = RecordMACKey.input(kind: vector.kind, id: vector.id, sha1: hex(vector.certificate_sha1), sha256: hex(vector.certificate_sha256))
            #expect(hexString(input) == vector.input)
            let key = RecordMACKey(storeID: "SPC-TEST-0001", key: SecretBytes(hex(vector.key)), legacyPending: false)
            let mac = try key.mac(kind: vector.kind, id: vector.id, sha1: hex(vector.certificate_sha1), sha256: hex(vector.certificate_sha256))
            #expect(hexString(Array(mac)) == vector.mac)
            #expect(try HMACSHA256.mac(key: SecretBytes(hex(vector.key)), message: hex(vector.input)) == hex(vector.mac))
        }
    }

    /// A blob sealed with fresh randomness by our code opens in the independent implementation.
    @Test func pythonOpensWhatWeSeal() throws {
        let keys = try X25519.generate()
        let secret = Array("a PKCS#8 stand-in \u{1F511}".utf8)
        let blob = try SecretSealer.seal(SecretBytes(secret), to: keys.publicKey, binding: .init(kind: "connection", id: "SPC-ABCD-EFGH"))
        let output = try runPython(["scripts/sealing_vectors.py", "--open", hexString(blob),
                                    keys.privateKey.withUnsafeBytes { hexString(Array($0)) }, "connection", "SPC-ABCD-EFGH"])
        #expect(output.trimmingCharacters(in: .whitespacesAndNewlines) == hexString(secret))
    }

    @Test func theVectorFileMatchesTheIndependentImplementation() throws {
        let output = try runPython(["scripts/sealing_vectors.py", "--check", "Tests/VaultTests/Vectors/sealing.json"])
        #expect(output.contains("match"))
    }
}

func hex(_ text: String) -> [UInt8] {
    var bytes: [UInt8] = []
    var index = text.startIndex
    while index < text.endIndex {
        let next = text.index(index, offsetBy: 2)
        bytes.append(UInt8(text[index..<next], radix: 16)!)
        index = next
    }
    return bytes
}

func hexString(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

struct ScriptFailed: Error, CustomStringConvertible {
    let description: String
}

/// Runs the tests' Python (TestSupport's ``testPython``) with `ARGS` in the package root and
/// returns its standard output; throws on a non-zero exit.
func runPython(_ arguments: [String]) throws -> String {
    let run = Subprocess.run(testPython, arguments, cwd: packageRoot)
    guard run.status == 0 else {
        throw ScriptFailed(description: "python3 \(arguments.joined(separator: " ")) failed: \(run.stderr)")
    }
    return run.stdout
}
