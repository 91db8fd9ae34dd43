import Common

/// The store with its private key unlocked: the only way to read a sealed secret.
/// The key is wiped when this object goes away.
public final class UnlockedStore: Sendable {
    /// The store this key opens.
    public let store: Store
    let privateKey: SecretBytes

    init(store: Store, privateKey: SecretBytes) {
        self.store = store
        self.privateKey = privateKey
    }

    /// The private key of a pending request (PKCS#8 DER).
    public func key(of request: RequestRecord) throws(VaultError) -> SecretBytes {
        guard let sealed = request.sealedKey else {
            throw VaultError(.notFound, "the request holds no key (it was fulfilled or cancelled)", location: "request \(request.id)")
        }
        return try SecretSealer.open(Array(sealed), privateKey: privateKey, binding: Store.requestBinding(request.id))
    }

    /// The private key of a connection (PKCS#8 DER).
    public func key(of connection: ConnectionRecord) throws(VaultError) -> SecretBytes {
        do {
            return try SecretSealer.open(Array(connection.sealedKey), privateKey: privateKey, binding: Store.connectionBinding(connection.id))
        } catch {
            throw VaultError(error.code, error.detail, hint: error.hint, location: "connection \(connection.name) (\(connection.id))")
        }
    }
}
