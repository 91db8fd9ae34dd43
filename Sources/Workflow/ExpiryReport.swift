#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Certificates
import Common
import Domain
import Vault

/// What `spconnect status` reports: every connection's certificate and every pending
/// request's, each with its days left and its ``Certificates/ExpiryState`` against the
/// window, soonest first; the worst of them is the report's state (and the exit code).
///
/// Pending requests (drafted, sent, failed) count: their certificate is the one the admin
/// registers, and `import` refuses a reply once it has expired.
public struct ExpiryReport: Sendable, Equatable {
    /// One certificate.
    public struct Entry: Sendable, Equatable {
        /// A connection's certificate, or a pending request's.
        public enum Kind: String, Sendable {
            case connection, request
        }

        public var kind: Kind
        /// The connection's name, or the request's ID.
        public var name: String
        /// Where the request stands (nil for a connection).
        public var requestStatus: RequestRecord.Status?
        /// SHA-1, 40 upper-case hex digits.
        public var thumbprint: String
        public var notAfter: Date
        /// From ``Certificates/DaysLeft``: negative once it has expired.
        public var daysLeft: Int
        public var state: ExpiryState

        /// The JSON object; field names are part of the command-line contract.
        public var json: JSONValue {
            .members([
                (kind == .connection ? "name" : "id"): .string(name),
                "status": requestStatus.map { JSONValue.string($0.rawValue) },
                "thumbprint": .string(thumbprint),
                "notAfter": .string(ISO8601.string(notAfter)),
                "daysLeft": .int(daysLeft),
                "state": .string(state.rawValue),
            ])
        }
    }

    /// The warning window, in days.
    public var window: Int
    /// Every connection, soonest to end first.
    public var connections: [Entry]
    /// Every pending request, soonest to end first.
    public var requests: [Entry]

    /// The worst state of any certificate (``Certificates/ExpiryState/fine`` when there is none).
    public var state: ExpiryState {
        (connections + requests).map(\.state).max() ?? .fine
    }

    /// Every entry, connections first.
    public var entries: [Entry] { connections + requests }

    /// The report at `now` for `connections` and the pending ones of `requests` (the others
    /// are left out), against a window of `window` days.
    public init(connections: [ConnectionListing], requests: [RequestRecord], window: Int, now: Date) {
        self.window = window
        func entry(_ kind: Entry.Kind, _ name: String, _ status: RequestRecord.Status?, _ thumbprint: String, _ notAfter: Date) -> Entry {
            let daysLeft = DaysLeft.until(notAfter, now: now)
            return Entry(kind: kind, name: name, requestStatus: status, thumbprint: thumbprint, notAfter: notAfter,
                         daysLeft: daysLeft, state: ExpiryState(daysLeft: daysLeft, window: window))
        }
        let soonest: (Entry, Entry) -> Bool = { ($0.notAfter, $0.name) < ($1.notAfter, $1.name) }
        self.connections = connections.map { entry(.connection, $0.name, nil, $0.thumbprintSHA1, $0.notAfter) }.sorted(by: soonest)
        self.requests = requests.filter(\.status.isPending)
            .map { entry(.request, $0.id, $0.status, $0.thumbprint, $0.notAfter) }.sorted(by: soonest)
    }

    /// The `status --json` document: `state` (the worst), `window`, `connections` and `requests`.
    public var json: JSONValue {
        .members([
            "state": .string(state.rawValue),
            "window": .int(window),
            "connections": .array(connections.map(\.json)),
            "requests": .array(requests.map(\.json)),
        ])
    }
}
