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

    /// An AES-256-GCM decryption context keyed once, for many messages under one key: each message only sets
    /// its nonce, skipping the allocation and key schedule of a fresh context. For one thread at a time.
    final class GCMOpener {
        private let context: OpaquePointer

        /// Prepares `key`, which the caller has checked is 32 bytes.
        init(key: UnsafeRawBufferPointer) throws {
            guard let context = EVP_CIPHER_CTX_new() else { throw failure("cannot allocate a cipher context") }
            self.context = context
            try check(
                EVP_DecryptInit_ex2(context, algorithms.aes256GCM, bytes(of: key), nil, nil),
                "cannot start AES-256-GCM decryption")
        }

        deinit { EVP_CIPHER_CTX_free(context) }

        /// Decrypts `ciphertext` into `plaintext`, which it resizes, authenticating the associated data given in
        /// two parts, in order (an envelope's header, then its context). On failure `plaintext` is wiped and
        /// emptied.
        func open(
            nonce: UnsafeRawBufferPointer, associatedData first: UnsafeRawBufferPointer,
            _ second: UnsafeRawBufferPointer, ciphertext: UnsafeRawBufferPointer, tag: UnsafeRawBufferPointer,
            into plaintext: inout [UInt8]
        ) throws {
            try check(
                EVP_DecryptInit_ex2(context, nil, nil, bytes(of: nonce), nil), "cannot start AES-256-GCM decryption")
            var written: Int32 = 0
            func authenticate(_ part: UnsafeRawBufferPointer) throws {
                guard !part.isEmpty else { return }
                try check(
                    EVP_DecryptUpdate(context, nil, &written, bytes(of: part), try int32Length(part.count)),
                    "AES-256-GCM rejected the associated data")
            }
            try authenticate(first)
            try authenticate(second)
            // The ciphertext is copied into `plaintext` (one copy, keeping its capacity) and decrypted in place.
            plaintext.removeAll(keepingCapacity: true)
            plaintext.append(contentsOf: ciphertext)
            var authentic = true
            if !ciphertext.isEmpty {
                let inputLength = try int32Length(ciphertext.count)
                authentic = plaintext.withUnsafeMutableBufferPointer { buffer in
                    EVP_DecryptUpdate(context, buffer.baseAddress, &written, buffer.baseAddress, inputLength) == 1
                }
            }
            // OpenSSL copies the tag and never writes through the pointer it is given for it.
            authentic =
                authentic
                && EVP_CIPHER_CTX_ctrl(
                    context, EVP_CTRL_GCM_SET_TAG, Int32(tag.count), UnsafeMutableRawPointer(mutating: tag.baseAddress)
                ) == 1
            let finished = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 16) { tail in
                EVP_DecryptFinal_ex(context, tail.baseAddress, &written) == 1
            }
            guard authentic, finished else {
                // Unauthenticated plaintext must not outlive the failure.
                plaintext.withUnsafeMutableBytes { cleanse($0) }
                plaintext.removeAll()
                throw failure("authentication failed: wrong key, tampered data or wrong associated data")
            }
        }
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
