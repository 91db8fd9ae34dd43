import Foundation
import Testing

/// The reply corpus in `Fixtures/`, made by `scripts/make_reply_corpus.py`, and its manifest.
struct Corpus: Decodable {
    struct Certificate: Decodable {
        let thumbprint: String
        let notAfter: String
    }

    struct Request: Decodable {
        let id: String
        let certificate: String
    }

    /// A reply `import` must accept, with the values it must find (nil: not in the reply).
    struct Good: Decodable, CustomTestStringConvertible {
        let file: String
        let client: String
        let request: String?
        let tenantID: String?
        let clientID: String
        let objectID: String?
        let thumbprint: String?
        /// A phrase `import` must warn with.
        let warning: String?
        var testDescription: String { file }
    }

    /// A reply `import` must refuse, with the error code and a phrase of its message.
    struct Bad: Decodable, CustomTestStringConvertible {
        let file: String
        let why: String
        let error: String
        let message: String
        let request: String?
        var testDescription: String { file }
    }

    let certificates: [String: Certificate]
    let requestTenant: String
    let requests: [Request]
    let good: [Good]
    let bad: [Bad]

    /// The fixtures folder, found from this source file (tests run in the checkout).
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static let manifest: Corpus = {
        do {
            return try JSONDecoder().decode(Corpus.self, from: Data(contentsOf: folder.appendingPathComponent("manifest.json")))
        } catch {
            fatalError("cannot read \(folder.path)/manifest.json: \(error)")
        }
    }()

    /// The bytes of a fixture.
    static func bytes(_ name: String) -> [UInt8] {
        // A missing fixture must fail its test, not read as an empty reply.
        do {
            return Array(try Data(contentsOf: folder.appendingPathComponent(name)))
        } catch {
            fatalError("cannot read fixture \(name): \(error)")
        }
    }
}

