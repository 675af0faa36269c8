internal import COpenSSL
import Synchronization

extension OpenSSL {
    /// The length of a SHA-256 digest in bytes.
    static let sha256ByteCount = 32

    /// SHA-256 of one buffer.
    static func sha256(_ input: UnsafeRawBufferPointer) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: sha256ByteCount) { output, count in
            var length: UInt32 = 0
            let result = EVP_Digest(
                address(of: input), input.count, output.baseAddress, &length, algorithms.sha256, nil)
            require(result, "SHA-256 failed")
            count = Int(length)
        }
    }

    /// HMAC-SHA-256 of one buffer.
    static func hmacSHA256(key: UnsafeRawBufferPointer, message: UnsafeRawBufferPointer) -> [UInt8] {
        let context = newMACContext(key: key)
        defer { EVP_MAC_CTX_free(context) }
        return authenticate(message, context: context)
    }

    /// An HMAC-SHA-256 context holding `key`; the caller frees it with `EVP_MAC_CTX_free`.
    private static func newMACContext(key: UnsafeRawBufferPointer) -> OpaquePointer {
        guard let context = EVP_MAC_CTX_new(algorithms.hmac) else {
            fatalError("OpenSSL: cannot allocate an HMAC context")
        }
        // "digest" is OSSL_MAC_PARAM_DIGEST, a macro of a macro that Swift does not import.
        "SHA256".withCString { name in
            var parameters = [
                OSSL_PARAM_construct_utf8_string("digest", UnsafeMutablePointer(mutating: name), 0),
                OSSL_PARAM_construct_end(),
            ]
            require(EVP_MAC_init(context, bytes(of: key), key.count, &parameters), "HMAC-SHA-256 is unavailable")
        }
        return context
    }

    /// The code of one message under a keyed context. Initializing again without a key keeps the key and its
    /// prepared pads, so a reused context skips the key schedule.
    private static func authenticate(_ message: UnsafeRawBufferPointer, context: OpaquePointer) -> [UInt8] {
        require(EVP_MAC_init(context, nil, 0, nil), "HMAC-SHA-256 restart failed")
        require(EVP_MAC_update(context, bytes(of: message), message.count), "HMAC-SHA-256 update failed")
        return [UInt8](unsafeUninitializedCapacity: sha256ByteCount) { output, count in
            var length = 0
            require(EVP_MAC_final(context, output.baseAddress, &length, sha256ByteCount), "HMAC-SHA-256 final failed")
            count = length
        }
    }

    /// HMAC-SHA-256 under one key for many messages, from any number of threads.
    ///
    /// Keyed contexts are kept for reuse, one per thread that is computing at the moment; a context is only
    /// ever used by the thread that took it out. OpenSSL clears the key from each context when it is freed.
    final class PreparedMAC: @unchecked Sendable {
        private struct Context: @unchecked Sendable { let pointer: OpaquePointer }

        private let template: Context
        private let spares = Mutex<[Context]>([])

        init(key: UnsafeRawBufferPointer) {
            template = Context(pointer: newMACContext(key: key))
        }

        deinit {
            EVP_MAC_CTX_free(template.pointer)
            spares.withLock { $0.forEach { EVP_MAC_CTX_free($0.pointer) } }
        }

        func authenticate(_ message: UnsafeRawBufferPointer) -> [UInt8] {
            let context = spares.withLock { $0.popLast() } ?? duplicate()
            defer { spares.withLock { $0.append(context) } }
            return OpenSSL.authenticate(message, context: context.pointer)
        }

        /// A keyed context of its own for one thread's many messages, computed without taking a spare.
        func session() -> MACSession { MACSession(pointer: duplicate().pointer) }

        private func duplicate() -> Context {
            guard let copy = EVP_MAC_CTX_dup(template.pointer) else {
                fatalError("OpenSSL: cannot copy an HMAC context")
            }
            return Context(pointer: copy)
        }
    }

    /// One keyed HMAC-SHA-256 context used by one thread at a time: for loops over many messages, where
    /// sharing the prepared key's spares would make threads wait on each other. Frees (and so clears) the
    /// context when it goes.
    final class MACSession {
        private let pointer: OpaquePointer

        fileprivate init(pointer: OpaquePointer) { self.pointer = pointer }

        deinit { EVP_MAC_CTX_free(pointer) }

        func authenticate(_ message: UnsafeRawBufferPointer) -> [UInt8] {
            OpenSSL.authenticate(message, context: pointer)
        }
    }

    /// A running SHA-256 computation. Noncopyable, so exactly one owner frees the EVP_MD_CTX.
    struct DigestContext: ~Copyable {
        private let context: OpaquePointer

        init() {
            guard let context = EVP_MD_CTX_new() else { fatalError("OpenSSL: cannot allocate a digest context") }
            require(EVP_DigestInit_ex2(context, algorithms.sha256, nil), "SHA-256 is unavailable")
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
