internal import COpenSSL

extension OpenSSL {
    /// Algorithm implementations fetched from the default provider once per process.
    ///
    /// Passing `EVP_sha256()` or `EVP_aes_256_gcm()` makes OpenSSL 3 look the implementation up by name on every
    /// call (a locked provider query); measured here, that halves SHA-256 on short inputs and costs HMAC four
    /// fifths of its speed. Fetched objects are immutable and reference counted, so one copy serves every thread
    /// for the life of the process.
    struct Algorithms: @unchecked Sendable {
        let sha256: OpaquePointer
        let hmac: OpaquePointer
        let aes256GCM: OpaquePointer

        fileprivate init() {
            guard let sha256 = EVP_MD_fetch(nil, "SHA256", nil),
                let hmac = EVP_MAC_fetch(nil, "HMAC", nil),
                let aes256GCM = EVP_CIPHER_fetch(nil, "AES-256-GCM", nil)
            else { fatalError("OpenSSL: the default provider lacks SHA-256, HMAC or AES-256-GCM") }
            self.sha256 = sha256
            self.hmac = hmac
            self.aes256GCM = aes256GCM
        }
    }

    static let algorithms = Algorithms()
}
