internal import COpenSSL

extension OpenSSL {
    /// The length of a SHA-256 digest in bytes.
    static let sha256ByteCount = 32

    /// SHA-256 of one buffer.
    static func sha256(_ input: UnsafeRawBufferPointer) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: sha256ByteCount) { output, count in
            var length: UInt32 = 0
            let result = EVP_Digest(address(of: input), input.count, output.baseAddress, &length, EVP_sha256(), nil)
            require(result, "SHA-256 failed")
            count = Int(length)
        }
    }

    /// HMAC-SHA-256 of one buffer.
    static func hmacSHA256(key: UnsafeRawBufferPointer, message: UnsafeRawBufferPointer) -> [UInt8] {
        guard let keyLength = Int32(exactly: key.count) else { fatalError("HMAC key longer than 2 GiB") }
        return [UInt8](unsafeUninitializedCapacity: sha256ByteCount) { output, count in
            var length: UInt32 = 0
            let digest = HMAC(
                EVP_sha256(), address(of: key), keyLength, bytes(of: message), message.count,
                output.baseAddress, &length
            )
            guard digest != nil else { fatalError("OpenSSL: HMAC-SHA-256 failed") }
            count = Int(length)
        }
    }

    /// A running SHA-256 computation. Noncopyable, so exactly one owner frees the EVP_MD_CTX.
    struct DigestContext: ~Copyable {
        private let context: OpaquePointer

        init() {
            guard let context = EVP_MD_CTX_new() else { fatalError("OpenSSL: cannot allocate a digest context") }
            require(EVP_DigestInit_ex(context, EVP_sha256(), nil), "SHA-256 is unavailable")
            self.context = context
        }

        deinit { EVP_MD_CTX_free(context) }

        func update(_ input: UnsafeRawBufferPointer) {
            guard !input.isEmpty else { return }
            require(EVP_DigestUpdate(context, input.baseAddress, input.count), "SHA-256 update failed")
        }

        consuming func finalize() -> [UInt8] {
            [UInt8](unsafeUninitializedCapacity: sha256ByteCount) { output, count in
                var length: UInt32 = 0
                require(EVP_DigestFinal_ex(context, output.baseAddress, &length), "SHA-256 final failed")
                count = Int(length)
            }
        }
    }
}
