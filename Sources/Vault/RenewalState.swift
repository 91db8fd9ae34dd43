/// How far a connection's pending renewal got, as `connections.pendingState` stores it.
public enum RenewalState: String, Sendable, CaseIterable {
    /// The new key and certificate are made and sealed; nothing was sent.
    case sealed
    /// `addKey` was sent, and no answer arrived (the connection dropped, or spconnect was
    /// stopped): Graph may or may not have added the certificate.
    case sent
    /// Graph added the certificate; it is not yet proved, so the connection keeps the old one.
    case added
}
