internal import COpenSSL
import Synchronization

/// Two RSA key searches racing on two cores: the first key found wins and the other search
/// is told to stop from OpenSSL's key-generation callback (which returning 0 aborts).
final class KeyRace: Sendable {
    /// An `EVP_PKEY` handed from a search thread to the caller; only one side holds it at a time.
    private struct Handle: @unchecked Sendable {
        let pointer: OpaquePointer
    }

    private let finished = Atomic<Bool>(false)
    private let state = Mutex<(key: Handle?, errors: [String])>((nil, []))

    /// One search; safe to run on several threads at once.
    func run(bits: Int) {
        guard let context = EVP_PKEY_CTX_new_from_name(nil, "RSA", nil) else {
            record(nil)
            return
        }
        defer { EVP_PKEY_CTX_free(context) }
        EVP_PKEY_CTX_set_app_data(context, Unmanaged.passUnretained(self).toOpaque())
        EVP_PKEY_CTX_set_cb(context) { context in
            guard let context, let data = EVP_PKEY_CTX_get_app_data(context) else { return 1 }
            return Unmanaged<KeyRace>.fromOpaque(data).takeUnretainedValue().finished.load(ordering: .relaxed) ? 0 : 1
        }
        var key: OpaquePointer?
        guard EVP_PKEY_keygen_init(context) == 1,
              EVP_PKEY_CTX_set_rsa_keygen_bits(context, Int32(bits)) == 1,
              EVP_PKEY_generate(context, &key) == 1, let key else {
            record(nil)
            return
        }
        record(Handle(pointer: key))
    }

    /// The winning key, owned by the caller from now on.
    func winner() -> OpaquePointer? {
        let handle = state.withLock { state in
            let key = state.key
            state.key = nil
            return key
        }
        return handle?.pointer
    }

    /// OpenSSL's errors when no search succeeded.
    func errors() -> [String] { state.withLock { $0.errors } }

    private func record(_ key: Handle?) {
        // A search stopped because the other one won leaves errors on its own thread's queue.
        let errors = OpenSSLErrorQueue.drain()
        state.withLock { state in
            if let key {
                if state.key == nil {
                    state.key = key
                    finished.store(true, ordering: .relaxed)
                } else {
                    EVP_PKEY_free(key.pointer)
                }
            } else if !finished.load(ordering: .relaxed) {
                state.errors += errors
            }
        }
    }

    deinit {
        if let key = state.withLock({ $0.key }) { EVP_PKEY_free(key.pointer) }
    }
}
