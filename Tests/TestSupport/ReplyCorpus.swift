import Foundation
import Testing

/// The reply corpus in `Tests/RepliesTests/Fixtures/`, made by `scripts/make_reply_corpus.py`,
/// and its manifest: read by the Replies, Import and CLI tests alike.
public struct ReplyCorpus: Decodable, Sendable {
    public struct Certificate: Decodable, Sendable {
        public let thumbprint: String
        public let notAfter: String
    }

    public struct Request: Decodable, Sendable {
        public let id: String
        public let certificate: String
    }

    /// A reply `import` must accept, with the values it must find (nil: not in the reply).
    public struct Good: Decodable, Sendable, CustomTestStringConvertible {
        public let file: String
        public let client: String
        public let request: String?
        public let tenantID: String?
        public let clientID: String
        public let objectID: String?
        public let thumbprint: String?
        /// A phrase `import` must warn with.
        public let warning: String?
        public var testDescription: String { file }
    }

    /// A reply `import` must refuse, with the error code and a phrase of its message.
    public struct Bad: Decodable, Sendable, CustomTestStringConvertible {
        public let file: String
        public let why: String
        public let error: String
        public let message: String
        public let request: String?
        public var testDescription: String { file }
    }

    public let certificates: [String: Certificate]
    public let requestTenant: String
    public let requests: [Request]
    public let good: [Good]
    public let bad: [Bad]

    /// The fixtures folder (TestSupport's ``replyCorpusFolder``; tests run in the checkout).
    public static let folder = replyCorpusFolder

    public static let manifest: ReplyCorpus = {
        do {
            return try JSONDecoder().decode(ReplyCorpus.self, from: Data(contentsOf: folder.appendingPathComponent("manifest.json")))
        } catch {
            fatalError("cannot read \(folder.path)/manifest.json: \(error)")
        }
    }()

    /// The bytes of a fixture.
    public static func bytes(_ name: String) -> [UInt8] {
        // A missing fixture must fail its test, not read as an empty reply.
        do {
            return Array(try Data(contentsOf: folder.appendingPathComponent(name)))
        } catch {
            fatalError("cannot read fixture \(name): \(error)")
        }
    }
}

