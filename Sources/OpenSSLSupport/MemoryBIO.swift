internal import COpenSSL
internal import COpenSSLShims

/// An OpenSSL memory BIO, owned and freed here.
final class MemoryBIO {
    let pointer: OpaquePointer

    /// An empty, writable BIO.
    init() throws(CertificateError) {
        guard let bio = BIO_new(BIO_s_mem()) else { throw .openSSL("cannot allocate a memory BIO") }
        pointer = bio
    }

    /// A BIO holding a copy of `bytes`.
    init(_ bytes: [UInt8]) throws(CertificateError) {
        guard let bio = BIO_new(BIO_s_mem()) else { throw .openSSL("cannot allocate a memory BIO") }
        pointer = bio
        if !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { BIO_write(bio, $0.baseAddress, Int32($0.count)) }
            guard written == Int32(bytes.count) else { throw .openSSL("cannot fill a memory BIO") }
        }
    }

    deinit { BIO_free(pointer) }

    /// Everything written to the BIO so far.
    var bytes: [UInt8] {
        var data: UnsafePointer<CChar>?
        let count = spc_bio_get_mem_data(pointer, &data)
        guard count > 0, let data else { return [] }
        return Array(UnsafeRawBufferPointer(start: data, count: count))
    }

    /// Wipes the BIO's buffer (for BIOs that held a secret) before it is freed.
    func wipe() {
        var data: UnsafePointer<CChar>?
        let count = spc_bio_get_mem_data(pointer, &data)
        if count > 0, let data { OPENSSL_cleanse(UnsafeMutableRawPointer(mutating: data), count) }
    }
}
