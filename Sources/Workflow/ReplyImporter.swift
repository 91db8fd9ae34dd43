#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Certificates
import OpenSSLSupport
import Common
import Replies
import Vault
import Domain

/// The `import` use case: reads an admin's reply (or values typed as flags), checks it
/// against the pending request, and turns the request into a connection in one
/// transaction. Needs no passphrase: the request's key is already sealed for the connection.
///
/// Importing the same values twice changes nothing the second time.
public enum ReplyImporter {
    /// What the user gave: the reply's bytes, and the flags that fill in or override its values.
    public struct Input: Sendable {
        /// The flag given for `field`, if any.
        func flag(_ field: ReplyField) -> String? {
            switch field {
            case .request: requestID
            case .tenantID: tenantID
            case .clientID: clientID
            case .objectID: objectID
            case .thumbprint: thumbprint
            }
        }

        /// The reply (a message or text), or nil when every value comes from flags.
        public var reply: [UInt8]?
        /// Where the reply came from, for messages (a path, or `standard input`).
        public var replyName: String
        /// `--request`: the request, when the reply names none (or to override it).
        public var requestID: String?
        /// `--tenant-id`: a GUID or a domain.
        public var tenantID: String?
        /// `--client-id`.
        public var clientID: String?
        /// `--object-id`: the app registration's Object ID.
        public var objectID: String?
        /// `--thumbprint`: the SHA-1 thumbprint the admin sees.
        public var thumbprint: String?
        /// The connection's name; derived from the tenant and app name when nil.
        public var name: String?
        /// `--strict`: refuse a reply that is not an email from one of the request's admins.
        public var strict: Bool

        public init(reply: [UInt8]? = nil, replyName: String = "the reply", requestID: String? = nil, tenantID: String? = nil,
                    clientID: String? = nil, objectID: String? = nil, thumbprint: String? = nil, name: String? = nil, strict: Bool = false) {
            self.reply = reply
            self.replyName = replyName
            self.requestID = requestID
            self.tenantID = tenantID
            self.clientID = clientID
            self.objectID = objectID
            self.thumbprint = thumbprint
            self.name = name
            self.strict = strict
        }
    }

    /// What happened.
    public struct Outcome: Sendable {
        /// The connection: new, or the one an earlier import made from the same values.
        public let connection: ConnectionRecord
        /// False when the request had already been imported with these values (nothing changed).
        public let created: Bool
        /// Where each value came from: `the reply (line 4 of the text/plain part)`, an option
        /// (by key: `clientID`), `the request`.
        public let sourceTexts: [ReplyField: OptionText]
        /// Things the user should know (a flag overriding the reply, a charset guessed), the
        /// options they name kept by key.
        public let warningTexts: [OptionText]

        /// The renewal request (`renew --via-admin`) the reply was to, when it was one: its
        /// certificate became the existing connection's pending one, which the next `renew`
        /// proves and then makes current (``Store/completeAdminRenewal(_:_:expectedCurrent:newKey:now:)``).
        public let renewalRequest: String?
        /// Whether the reply was to a renewal request.
        public var renewed: Bool { renewalRequest != nil }
        /// The Azure Key Vault certificate the renewed connection was exported to, if it was:
        /// it still holds the connection's current (old) certificate.
        public let keyVault: KeyVaultLink?

        /// ``sourceTexts``, as ``OptionText/plain`` says them.
        public var sources: [ReplyField: String] { sourceTexts.mapValues(\.plain) }
        /// ``warningTexts``, as ``OptionText/plain`` says them.
        public var warnings: [String] { warningTexts.map(\.plain) }

        init(connection: ConnectionRecord, created: Bool, renewalRequest: String? = nil, keyVault: KeyVaultLink? = nil,
             sources: [ReplyField: OptionText], warnings: [OptionText]) {
            self.connection = connection
            self.created = created
            self.renewalRequest = renewalRequest
            self.keyVault = keyVault
            sourceTexts = sources
            warningTexts = warnings
        }
    }

    /// Runs the import against `store`. `unlock` opens the store's private key: only the reply
    /// to a renewal request needs it (the connection's current key is sealed again as its
    /// previous one); without it such a reply is refused.
    public static func run(_ input: Input, store: Store, now: Date = Date(), unlock: ((Store) throws -> UnlockedStore)? = nil) throws -> Outcome {
        var warnings: [OptionText] = []
        var sources: [ReplyField: OptionText] = [:]
        let values = try input.reply.map { bytes in try parse(bytes, name: input.replyName) }
        if let values {
            warnings += values.notes.map { OptionText($0) }
            if let note = attachmentNote(values) { warnings.append(OptionText(note)) }
            if !values.secretLocations.isEmpty {
                // Never the secret itself: only where it stands.
                warnings.append(OptionText("the reply contains what looks like a client secret (\(values.secretLocations.prefix(3).joined(separator: ", "))); "
                                + "spconnect does not use client secrets and did not keep it: ask the admin to delete that secret in the portal "
                                + "(App registrations › the app › Certificates & secrets › Client secrets), and delete the email"))
            }
        }

        /// A flag's value, else the reply's; a flag that differs from the reply is worth a warning.
        func resolve(_ field: ReplyField, _ flag: String?) throws(RepliesError) -> String? {
            // A flag settles a field the reply contradicts itself on.
            let found = flag == nil ? try value(field, of: values, name: input.replyName) : try? values?.value(field)
            if let flag {
                sources[field] = "\(option: field.rawValue)"
                if let found, comparable(found.text, field) != comparable(flag, field) {
                    warnings.append("\(option: field.rawValue) \(flag) overrides the reply's \(found.quoted)")
                }
                return flag
            }
            if let found { sources[field] = "the reply (line \(found.line) of the \(found.document))" }
            return found?.text
        }

        let thumbprintText = try resolve(.thumbprint, input.thumbprint)
        let thumbprint = try thumbprintText.map { text throws(RepliesError) in try ReplyCheck.thumbprint(text, source: sources[.thumbprint] ?? "the reply") }
        let requestText = try resolve(.request, input.requestID)
        let clientText = try resolve(.clientID, input.clientID)
        let objectText = try resolve(.objectID, input.objectID)
        let tenantText = try resolve(.tenantID, input.tenantID)

        guard let clientText else { throw missingClientID(values, input: input) }

        // Which request: named by the flag or the reply, else the one pending request with this thumbprint.
        let record: RequestRecord
        if let requestText {
            guard let id = RequestID.normalize(requestText) else {
                throw RepliesError(.invalidRequestID, worded: "\(sources[.request] ?? "the reply") names the request \"\(requestText)\", which is not a request ID (SPC-XXXX-XXXX)")
            }
            switch lookUp(id, in: store) {
            case .success(let found):
                record = found
            case .failure(let error) where error.code == .notFound:
                throw RepliesError(.unknownRequest, worded: "\(sources[.request] ?? "the reply") names request \(id), which is not in this store (\(store.location.home))")
            case .failure(let error):
                throw error
            }
        } else {
            let pending = try store.requests().filter { $0.status.isPending }
            if let thumbprint, let only = pending.filter({ $0.thumbprint.uppercased() == thumbprint }).first,
               pending.filter({ $0.thumbprint.uppercased() == thumbprint }).count == 1 {
                record = only
                sources[.request] = "the request whose certificate has the reply's thumbprint"
            } else {
                let listed = pending.prefix(5).map(\.id).joined(separator: ", ")
                throw RepliesError(.missingRequest, "\(input.reply == nil ? "no request given" : "the reply names no request (SPC-XXXX-XXXX)")",
                                   facts: ErrorFacts(values: pending.isEmpty ? [:] : [.pending: listed + (pending.count > 5 ? ", …" : "")]))
            }
        }

        // The request's certificate must be the one spconnect stored (its record MAC), before anything of it is used.
        try store.checkRecordMAC(of: record)
        if let values, input.reply != nil {
            try checkSender(values, of: record, input: input, warnings: &warnings)
            try checkCautions(values, input: input, warnings: &warnings)
        }

        let tenant: TenantReference
        if let tenantText {
            tenant = try ReplyCheck.tenant(tenantText, source: sources[.tenantID] ?? "the reply")
            if input.tenantID == nil, let domain = tenant.domain,
               let note = try ReplyCheck.tenantDomain(domain, requestTenant: record.tenant, request: record.id, source: sources[.tenantID] ?? "the reply") {
                warnings.append(note)
            }
        } else {
            tenant = try ReplyCheck.tenant(record.tenant, source: "the request")
            sources[.tenantID] = "the request (the reply gives no Directory (tenant) ID)"
        }
        let clientID = try ReplyCheck.clientID(clientText, tenant: tenant, source: sources[.clientID] ?? "the reply")
        let objectID = try objectText.map { text throws(RepliesError) in
            try ReplyCheck.objectID(text, clientID: clientID, tenant: tenant, source: sources[.objectID] ?? "the reply")
        }

        if let thumbprint {
            try ReplyCheck.thumbprint(thumbprint, matches: record.thumbprint, request: record.id, source: sources[.thumbprint] ?? "the reply")
        }
        if let renewed = record.renewsConnection {
            return try importRenewal(record, of: renewed, tenant: tenant, clientID: clientID, objectID: objectID, input: input, store: store,
                                     unlock: unlock, sources: sources, warnings: warnings, now: now)
        }
        if record.status == .fulfilled {
            return try alreadyImported(record, tenant: tenant, clientID: clientID, objectID: objectID, store: store, sources: sources, warnings: warnings)
        }
        guard record.status.isPending else {
            throw RepliesError(.requestNotPending, "request \(record.id) is \(record.status.rawValue); it no longer waits for a reply",
                               location: record.id, facts: ErrorFacts(values: [.tenant: record.tenant]))
        }

        // The tenant the request was made for, when both are GUIDs, must be the reply's.
        if let asked = IdentifierFormat.guid(record.tenant), let given = tenant.guid, asked != given {
            if input.tenantID == nil {
                throw RepliesError(.tenantMismatch, "the reply's Directory (tenant) ID \(given) is not the tenant request \(record.id) was made for (\(asked))",
                                   facts: ErrorFacts(values: [.tenant: given]))
            }
            warnings.append("\(option: "tenantID") \(given) is not the tenant the request was made for (\(asked))")
        }
        let prints = try requestCertificate(of: record, now: now)

        let domain = tenant.domain ?? TenantReference(record.tenant)?.domain
        // A derived name another import takes meanwhile (several processes at once) is derived again.
        for attempt in 1...8 {
            let taken = Set(try store.connectionListings().map(\.name))
            let name: String
            if let given = input.name {
                name = try ReplyCheck.connectionName(given)
                if taken.contains(name) {
                    throw RepliesError(.nameTaken, "a connection named \(name) already exists")
                }
            } else {
                name = ReplyCheck.derivedName(tenant: tenant, requestTenant: record.tenant, appName: record.appName, taken: taken)
            }
            let fulfilment = Store.Fulfilment(name: name, tenantID: tenant.description, tenantDomain: domain, clientID: clientID, objectID: objectID)
            switch try fulfil(record.id, with: fulfilment, thumbprintSHA256: prints.sha256Fingerprint, store: store, now: now,
                              retryingTakenName: input.name == nil && attempt < 8) {
            case .made(let connection):
                return Outcome(connection: connection, created: true, sources: sources, warnings: warnings)
            case .madeElsewhere:
                // Another import of this request finished first (several processes at once): the
                // same values are the same connection (exit 0); other values are refused.
                let fresh = try store.request(record.id)
                return try alreadyImported(fresh, tenant: tenant, clientID: clientID, objectID: objectID, store: store, sources: sources, warnings: warnings)
            case .nameTaken:
                continue
            }
        }
        throw VaultError(.conflict, "the connection names derived for request \(record.id) were taken by other imports meanwhile",
                         location: record.id, facts: VaultStep.derivedNamesTaken.facts())
    }

    /// The reply to a renewal request (`renew --via-admin`): into the connection it renews, whose
    /// client ID and tenant the reply must give, in one transaction
    /// (``Store/completeAdminRenewal(_:_:expectedCurrent:newKey:now:)``): its certificate becomes
    /// the connection's pending one, proved and made current by the next `renew`. Refused,
    /// changing nothing, while the connection keeps a previous certificate or has a renewal under way.
    private static func importRenewal(_ record: RequestRecord, of connectionID: String, tenant: TenantReference, clientID: String, objectID: String?,
                                      input: Input, store: Store, unlock: ((Store) throws -> UnlockedStore)?,
                                      sources: [ReplyField: OptionText], warnings start: [OptionText], now: Date) throws -> Outcome {
        var warnings = start
        guard let connection = try store.connections().first(where: { $0.id == connectionID }) else {
            throw WorkflowError(.renewalReplyMismatch, "request \(record.id) renews a connection that is no longer in the store (\(connectionID)); nothing was changed",
                                facts: ErrorFacts(actor: .you, values: [.problem: "connectionGone", .record: record.id]))
        }
        func mismatch(_ problem: String, _ what: String) -> WorkflowError {
            WorkflowError(.renewalReplyMismatch,
                          "request \(record.id) renews connection \(connection.name), but \(what); nothing was changed",
                          facts: ErrorFacts(actor: .you, values: [.problem: problem, .record: connection.name, .clientID: connection.clientID]))
        }
        if connection.clientID.lowercased() != clientID {
            throw mismatch("clientID", "\(sources[.clientID]?.plain ?? "the reply") gives the Application (client) ID \(clientID), not the connection's \(connection.clientID)")
        }
        let sameTenant = connection.tenantID.lowercased() == tenant.description || (tenant.domain != nil && connection.tenantDomain?.lowercased() == tenant.domain)
        if !sameTenant {
            throw mismatch("tenant", "\(sources[.tenantID]?.plain ?? "the reply") gives the Directory (tenant) ID \(tenant.description), not the connection's \(connection.tenantID)")
        }
        if let objectID, let known = connection.objectID, known.lowercased() != objectID {
            warnings.append("the reply's Object ID \(objectID) is not the one connection \(connection.name) keeps (\(known)); the connection keeps its own")
        }
        if let name = input.name, name != connection.name {
            warnings.append("\(option: "name") \(name) is not used: the reply goes into connection \(connection.name), which request \(record.id) renews")
        }
        let vault = try? store.keyVaultLink(ofConnection: connection.id)
        if record.status == .fulfilled {
            // Imported before: the same certificate is the connection's pending (or, since, its current or previous) one.
            guard [connection.pendingCertificate, connection.certificate, connection.previousCertificate].contains(record.certificate) else {
                throw RepliesError(.alreadyFulfilled, "request \(record.id) was already imported into connection \(connection.name), which has another certificate since",
                                   facts: ErrorFacts(values: [.record: connection.name]))
            }
            return Outcome(connection: connection, created: false, renewalRequest: record.id, keyVault: vault ?? nil, sources: sources, warnings: warnings)
        }
        guard record.status.isPending else {
            throw RepliesError(.requestNotPending, "request \(record.id) is \(record.status.rawValue); it no longer waits for a reply",
                               location: record.id, facts: ErrorFacts(values: [.tenant: record.tenant]))
        }
        try requestCertificate(of: record, now: now)
        // Nothing is dropped or replaced: a previous certificate still registered, or a renewal under way, comes first.
        if let previous = connection.previousCertificate {
            throw WorkflowError(.previousNotRetired,
                                "connection \(connection.name) still keeps its previous certificate \(Store.thumbprint(of: previous)); request \(record.id)'s certificate was not imported, nothing was changed",
                                facts: ErrorFacts(actor: .you, values: [.record: connection.name, .thumbprint: Store.thumbprint(of: previous)]))
        }
        if let pending = connection.pendingCertificate {
            throw WorkflowError(.renewalIncomplete,
                                "connection \(connection.name) has a renewal under way (certificate \(Store.thumbprint(of: pending))); request \(record.id)'s certificate was not imported, nothing was changed",
                                facts: ErrorFacts(actor: .you, values: [.problem: "renewalPending", .record: connection.name]))
        }
        guard let unlock else {
            throw WorkflowError(.renewalReplyMismatch, "request \(record.id) renews connection \(connection.name), and this import cannot unlock the store to move its certificate",
                                facts: ErrorFacts(actor: .you, values: [.problem: "locked", .record: connection.name, .clientID: connection.clientID]))
        }
        let unlocked = try unlock(store)
        let newKey = try unlocked.key(of: record)
        let values = Store.AdminRenewal(requestID: record.id, objectID: objectID)
        let updated = try store.completeAdminRenewal(connection.id, values, expectedCurrent: connection.certificate, newKey: newKey, now: now)
        return Outcome(connection: updated.connection, created: updated.changed, renewalRequest: record.id, keyVault: vault ?? nil,
                       sources: sources, warnings: warnings)
    }

    /// What one attempt to fulfil a request came to.
    private enum Fulfilled {
        case made(ConnectionRecord)
        /// Another process fulfilled the request meanwhile.
        case madeElsewhere
        /// Another import took the (derived) name meanwhile.
        case nameTaken
    }

    private static func fulfil(_ id: String, with fulfilment: Store.Fulfilment, thumbprintSHA256: String, store: Store,
                               now: Date, retryingTakenName: Bool) throws(VaultError) -> Fulfilled {
        do {
            return .made(try store.fulfil(id, with: fulfilment, thumbprintSHA256: thumbprintSHA256, now: now))
        } catch {
            guard error.code == .conflict || error.code == .invalidState else { throw error }
            if let fresh = try? store.request(id), fresh.status == .fulfilled { return .madeElsewhere }
            if retryingTakenName && error.location == fulfilment.name { return .nameTaken }
            throw error
        }
    }

    /// The same values again: the existing connection, nothing changed. Other values: refused.
    private static func alreadyImported(_ record: RequestRecord, tenant: TenantReference, clientID: String, objectID: String?, store: Store,
                                        sources: [ReplyField: OptionText], warnings: [OptionText]) throws -> Outcome {
        let existing = try store.connection(record.id)
        var differences: [String] = []
        if existing.clientID.lowercased() != clientID {
            differences.append("Application (client) ID \(existing.clientID), this reply \(clientID)")
        }
        if let objectID, let stored = existing.objectID, stored.lowercased() != objectID {
            differences.append("Object ID \(stored), this reply \(objectID)")
        }
        // (Both without a domain is no match: nil == nil would hide a different tenant.)
        let sameTenant = existing.tenantID.lowercased() == tenant.description || (tenant.domain != nil && existing.tenantDomain?.lowercased() == tenant.domain)
        if !sameTenant {
            differences.append("Directory (tenant) ID \(existing.tenantID), this reply \(tenant.description)")
        }
        guard differences.isEmpty else {
            throw RepliesError(.alreadyFulfilled, "request \(record.id) was already imported as connection \(existing.name) with other values: \(differences.joined(separator: "; "))",
                               facts: ErrorFacts(values: [.record: existing.name]))
        }
        return Outcome(connection: existing, created: false, sources: sources, warnings: warnings)
    }

    /// Why there is no client ID: nothing found, an empty reply block, a cut message, or just that field missing.
    private static func missingClientID(_ values: ReplyValues?, input: Input) -> RepliesError {
        guard let values else {
            return RepliesError(.missingClientID, worded: "no reply and no \(option: "clientID")", facts: ErrorFacts(values: [.input: "none"]))
        }
        if values.isEmpty {
            if values.isIncomplete {
                return RepliesError(.repliesTruncated, "the message ends before its last part closes and carries no reply values: it was cut short",
                                    location: input.replyName)
            }
            if values.blockCount > 0 {
                return RepliesError(.emptyReply, "the reply block is there, but its values are empty: the admin did not fill it in",
                                    location: input.replyName)
            }
            if let note = attachmentNote(values) {
                return RepliesError(.noReply, "found no reply values in the email's own text; " + note,
                                    location: input.replyName, facts: ErrorFacts(values: [.input: "attachment"]))
            }
            return RepliesError(.noReply, "found no reply values: no SPCONNECT REPLY block and no Directory (tenant) ID, Application (client) ID or thumbprint",
                                location: input.replyName)
        }
        let given = [ReplyField.tenantID, .thumbprint].filter { values.values[$0]?.isEmpty == false }.map(\.label)
        return RepliesError(.missingClientID, "the reply gives no Application (client) ID" + (given.isEmpty ? "" : " (only: \(given.joined(separator: ", ")))"),
                            location: input.replyName)
    }

    /// What to say about attachments that carry values: they are not read.
    private static func attachmentNote(_ values: ReplyValues) -> String? {
        guard !values.unreadAttachments.isEmpty else { return nil }
        return "the \(values.unreadAttachments.joined(separator: ", ")) seems to hold reply values, but values in attachments are not read"
    }

    /// A reply whose From is none of the request's admins: a warning naming it, or (under
    /// `--strict`) refused. A reply that is not an email (pasted text) has no From to check.
    private static func checkSender(_ values: ReplyValues, of record: RequestRecord, input: Input, warnings: inout [OptionText]) throws(RepliesError) {
        let admins = Set(record.admins.flatMap { SenderAddress.addresses(in: $0) })
        let strangers = values.senders.filter { !admins.contains($0) }
        let listed = record.admins.joined(separator: ", ")
        if values.senders.isEmpty && values.isMessage {
            // An email whose From cannot be read is not a reply from an admin that was checked.
            let from = values.shownFrom.map { "its From field \"\($0)\" holds no address spconnect can read" } ?? "it has no From field"
            if input.strict {
                throw RepliesError(.unknownSender, worded: "\(input.replyName) is an email, but \(from), and \(option: "strict") imports only an email from one of request \(record.id)'s admins (\(listed))")
            }
            warnings.append("the reply is an email, but \(from): spconnect cannot tell whether it comes from one of request \(record.id)'s admins (\(listed)); check with the admin that these values are theirs")
            return
        }
        if values.senders.isEmpty {
            guard input.strict else { return }
            throw RepliesError(.unknownSender, worded: "\(input.replyName) is not an email with a From address, and \(option: "strict") imports only an email from one of request \(record.id)'s admins (\(listed))",
                               facts: ErrorFacts(values: [.input: "text"]))
        }
        guard !strangers.isEmpty else { return }
        let named = strangers.map { "<\(SenderAddress.shown($0))>" }.joined(separator: ", ")
        if input.strict {
            throw RepliesError(.unknownSender, "the reply is from \(named), who is not one of request \(record.id)'s admins (\(listed))")
        }
        warnings.append("the reply is from \(named), who is not one of request \(record.id)'s admins (\(listed)): check with the admin that these values are theirs")
    }

    /// Values taken from a text that may hide some of itself (HTML with style rules that
    /// cannot be applied): a warning, or (under `--strict`) refused.
    private static func checkCautions(_ values: ReplyValues, input: Input, warnings: inout [OptionText]) throws(RepliesError) {
        var documents: [String] = []
        for field in ReplyField.allCases where input.flag(field) == nil {
            for value in values.values[field] ?? [] where values.cautions[value.document] != nil && !documents.contains(value.document) {
                documents.append(value.document)
            }
        }
        for document in documents {
            let why = values.cautions[document] ?? ""
            if input.strict {
                throw RepliesError(.hiddenContent, "the reply's values come from the \(document), but \(why)")
            }
            warnings.append("the reply's values come from the \(document), but \(why): check them with the admin")
        }
    }

    /// The request's certificate, checked: it has the thumbprint the request recorded, and it
    /// has not expired (a reply to it could make nothing that works). Returns its fingerprints.
    @discardableResult
    private static func requestCertificate(of record: RequestRecord, now: Date) throws -> CertificateFingerprints {
        let certificate = try X509Certificate(der: Array(record.certificate))
        let prints = certificate.fingerprints
        guard prints.thumbprint == record.thumbprint.uppercased() else {
            throw VaultError(.storeUnreadable, "request \(record.id)'s certificate does not have its recorded thumbprint \(record.thumbprint)",
                             location: record.id, facts: VaultStep.thumbprintMismatch.facts())
        }
        if certificate.notAfter <= now {
            throw RepliesError(.certificateExpired, "request \(record.id)'s certificate expired on \(ISO8601.string(certificate.notAfter))",
                               facts: ErrorFacts(values: [.tenant: record.tenant, .record: record.id]))
        }
        return prints
    }

    private static func lookUp(_ id: String, in store: Store) -> Result<RequestRecord, VaultError> {
        do { return .success(try store.request(id)) } catch { return .failure(error) }
    }

    private static func parse(_ bytes: [UInt8], name: String) throws(RepliesError) -> ReplyValues {
        do { return try ReplyParser.parse(bytes) } catch { throw error.at(name) }
    }

    private static func value(_ field: ReplyField, of values: ReplyValues?, name: String) throws(RepliesError) -> ReplyValue? {
        do { return try values?.value(field) } catch { throw error.at(name) }
    }

    /// A value in the form used to compare a flag with the reply.
    private static func comparable(_ text: String, _ field: ReplyField) -> String {
        switch field {
        case .request: RequestID.normalize(text) ?? text
        case .tenantID: TenantReference(text)?.description ?? text
        case .clientID, .objectID: IdentifierFormat.guid(text) ?? text
        case .thumbprint: IdentifierFormat.thumbprint(text) ?? text
        }
    }
}
