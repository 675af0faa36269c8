internal import COpenSSL

extension OpenSSL {
    /// The GCM authentication tag length we produce and accept.
    static let gcmTagByteCount = 16

    /// AES-256-GCM encryption. The caller has checked the key (32 bytes) and nonce (12 bytes, GCM's default).
    static func aes256GCMSeal(
        key: UnsafeRawBufferPointer,
        nonce: UnsafeRawBufferPointer,
        plaintext: UnsafeRawBufferPointer,
        aad: UnsafeRawBufferPointer
    ) throws -> (ciphertext: [UInt8], tag: [UInt8]) {
        let context = try CipherContext()
        try check(
            EVP_EncryptInit_ex2(context.pointer, algorithms.aes256GCM, bytes(of: key), bytes(of: nonce), nil),
            "cannot start AES-256-GCM encryption"
        )
        var written: Int32 = 0
        if !aad.isEmpty {
            try check(
                EVP_EncryptUpdate(context.pointer, nil, &written, bytes(of: aad), try int32Length(aad.count)),
                "AES-256-GCM rejected the associated data"
            )
        }
        var ciphertext = [UInt8](repeating: 0, count: plaintext.count)
        if !plaintext.isEmpty {
            let inputLength = try int32Length(plaintext.count)
            try ciphertext.withUnsafeMutableBufferPointer { output in
                try check(
                    EVP_EncryptUpdate(context.pointer, output.baseAddress, &written, bytes(of: plaintext), inputLength),
                    "AES-256-GCM encryption failed"
                )
            }
        }
        var tag = [UInt8](repeating: 0, count: gcmTagByteCount)
        try tag.withUnsafeMutableBytes { tagBuffer in
            // GCM writes no bytes at finalization; the tail buffer only satisfies the prototype.
            var tail = [UInt8](repeating: 0, count: 16)
            try check(EVP_EncryptFinal_ex(context.pointer, &tail, &written), "AES-256-GCM encryption failed")
            try check(
                EVP_CIPHER_CTX_ctrl(
                    context.pointer, EVP_CTRL_GCM_GET_TAG, Int32(gcmTagByteCount), tagBuffer.baseAddress),
                "cannot read the AES-256-GCM tag"
            )
        }
        return (ciphertext, tag)
    }

    /// AES-256-GCM decryption; throws when the tag does not authenticate the ciphertext and associated data.
    static func aes256GCMOpen(
        key: UnsafeRawBufferPointer,
        nonce: UnsafeRawBufferPointer,
        ciphertext: UnsafeRawBufferPointer,
        tag: [UInt8],
        aad: UnsafeRawBufferPointer
    ) throws -> [UInt8] {
        let context = try CipherContext()
        try check(
            EVP_DecryptInit_ex2(context.pointer, algorithms.aes256GCM, bytes(of: key), bytes(of: nonce), nil),
            "cannot start AES-256-GCM decryption"
        )
        var written: Int32 = 0
        if !aad.isEmpty {
            try check(
                EVP_DecryptUpdate(context.pointer, nil, &written, bytes(of: aad), try int32Length(aad.count)),
                "AES-256-GCM rejected the associated data"
            )
        }
        var plaintext = [UInt8](repeating: 0, count: ciphertext.count)
        if !ciphertext.isEmpty {
            let inputLength = try int32Length(ciphertext.count)
            try plaintext.withUnsafeMutableBufferPointer { output in
                try check(
                    EVP_DecryptUpdate(
                        context.pointer, output.baseAddress, &written, bytes(of: ciphertext), inputLength),
                    "AES-256-GCM decryption failed"
                )
            }
        }
        var expectedTag = tag
        try expectedTag.withUnsafeMutableBytes { tagBuffer in
            try check(
                EVP_CIPHER_CTX_ctrl(
                    context.pointer, EVP_CTRL_GCM_SET_TAG, Int32(tagBuffer.count), tagBuffer.baseAddress),
                "cannot set the AES-256-GCM tag"
            )
        }
        var tail = [UInt8](repeating: 0, count: 16)
        guard EVP_DecryptFinal_ex(context.pointer, &tail, &written) == 1 else {
            // Unauthenticated plaintext must not outlive the failure.
            plaintext.withUnsafeMutableBytes { cleanse($0) }
            throw failure("authentication failed: wrong key, tampered data or wrong associated data")
        }
        return plaintext
    }

    /// Owns one EVP_CIPHER_CTX for the span of a single operation.
    private struct CipherContext: ~Copyable {
        let pointer: OpaquePointer

        init() throws {
            guard let pointer = EVP_CIPHER_CTX_new() else { throw failure("cannot allocate a cipher context") }
            self.pointer = pointer
        }

        deinit { EVP_CIPHER_CTX_free(pointer) }
    }
}
