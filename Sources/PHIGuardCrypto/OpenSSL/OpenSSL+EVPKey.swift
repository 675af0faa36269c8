internal import COpenSSL

extension OpenSSL {
    /// The size of Ed25519 seeds and public keys.
    static let ed25519KeyByteCount = 32
    /// The size of an Ed25519 signature.
    static let ed25519SignatureByteCount = 64

    /// An Ed25519 EVP_PKEY, parsed once and freed with its last reference.
    // Immutable after init; OpenSSL supports concurrent sign/verify on one EVP_PKEY with a fresh MD context each.
    final class EVPKey: @unchecked Sendable {
        private let pointer: OpaquePointer

        /// Builds a private key from its 32-byte seed (RFC 8032 "secret key").
        init(ed25519Seed seed: UnsafeRawBufferPointer) throws {
            let key = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nil, bytes(of: seed), seed.count)
            guard let key else { throw failure("not a valid Ed25519 private key") }
            self.pointer = key
        }

        /// Builds a public key from its 32-byte encoding.
        init(ed25519PublicKey publicKey: UnsafeRawBufferPointer) throws {
            let key = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nil, bytes(of: publicKey), publicKey.count)
            guard let key else { throw failure("not a valid Ed25519 public key") }
            self.pointer = key
        }

        deinit { EVP_PKEY_free(pointer) }

        /// The 32-byte public key, derived by OpenSSL from a private key or returned as given.
        func rawPublicKey() throws -> [UInt8] {
            var length = ed25519KeyByteCount
            var output = [UInt8](repeating: 0, count: length)
            try check(EVP_PKEY_get_raw_public_key(pointer, &output, &length), "cannot read the Ed25519 public key")
            guard length == ed25519KeyByteCount else { throw failure("unexpected Ed25519 public key length") }
            return output
        }

        /// A 64-byte Ed25519 signature (deterministic, RFC 8032 "PureEdDSA").
        func sign(_ message: UnsafeRawBufferPointer) throws -> [UInt8] {
            let context = try DigestSigningContext()
            try check(EVP_DigestSignInit(context.pointer, nil, nil, nil, pointer), "cannot start Ed25519 signing")
            var length = ed25519SignatureByteCount
            var signature = [UInt8](repeating: 0, count: length)
            try check(
                EVP_DigestSign(context.pointer, &signature, &length, bytes(of: message), message.count),
                "Ed25519 signing failed"
            )
            guard length == ed25519SignatureByteCount else { throw failure("unexpected Ed25519 signature length") }
            return signature
        }

        /// Whether `signature` is valid for `message` under this key; any failure reads as "not valid".
        func verify(signature: UnsafeRawBufferPointer, message: UnsafeRawBufferPointer) -> Bool {
            guard signature.count == ed25519SignatureByteCount, let context = try? DigestSigningContext() else {
                return false
            }
            defer { ERR_clear_error() }
            guard EVP_DigestVerifyInit(context.pointer, nil, nil, nil, pointer) == 1 else { return false }
            let result = EVP_DigestVerify(
                context.pointer, bytes(of: signature), signature.count, bytes(of: message), message.count
            )
            return result == 1
        }
    }

    /// Owns one EVP_MD_CTX for a single sign or verify call.
    private struct DigestSigningContext: ~Copyable {
        let pointer: OpaquePointer

        init() throws {
            guard let pointer = EVP_MD_CTX_new() else { throw failure("cannot allocate a signing context") }
            self.pointer = pointer
        }

        deinit { EVP_MD_CTX_free(pointer) }
    }
}
