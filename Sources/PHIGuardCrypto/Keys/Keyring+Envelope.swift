import PHIGuardCore

extension Keyring {
    /// Encrypts `plaintext` with the active key, bound to `context` (for example `"users.display_name"`).
    ///
    /// An envelope is self-describing, so `decrypt` picks the key that encrypted it:
    ///
    /// ```
    /// offset      size  field
    /// 0           1     format, 0x01
    /// 1           1     key id length L, 1 to 255
    /// 2           L     key id, UTF-8 (for example "dek-3")
    /// 2+L         4     key version, big-endian
    /// 6+L         12    AES-256-GCM nonce
    /// 18+L        n     ciphertext, as long as the plaintext
    /// 18+L+n      16    AES-256-GCM tag
    /// ```
    ///
    /// The associated data is the header (bytes 0 to 18+L) followed by the UTF-8 context, so changing any header
    /// byte, or moving the envelope to another column (another context), fails authentication.
    ///
    /// - Throws: `PHIGuardError` with code `.crypto` on a library failure.
    public func encrypt(_ plaintext: some Collection<UInt8>, context: String) throws -> [UInt8] {
        try encrypt(Array(plaintext), context: Array(context.utf8))
    }

    /// Encrypts `plaintext` bound to a context given as its UTF-8 bytes, for callers that build the context as
    /// bytes. The envelope is the same as `encrypt(_:context:)` makes for the same context text.
    ///
    /// - Throws: as `encrypt(_:context:)`.
    public func encrypt(_ plaintext: [UInt8], context: [UInt8]) throws -> [UInt8] {
        let key = activeKey
        let nonce = AESGCM.randomNonce()
        let header = Envelope.header(keyID: key.id, version: key.version, nonce: nonce)
        let box = try AESGCM.seal(plaintext, key: key.key, nonce: nonce, authenticating: header + context)
        return header + box.ciphertext + box.tag
    }

    /// Decrypts an envelope made by `encrypt` with the same `context`, with whichever key version made it.
    ///
    /// - Throws: `PHIGuardError` with code `.crypto` when the envelope is malformed, names a key this keyring
    ///   does not hold, or fails authentication (tampering, wrong context).
    public func decrypt(_ envelope: some Collection<UInt8>, context: String) throws -> [UInt8] {
        try decrypt(Array(envelope), context: Array(context.utf8))
    }

    /// Decrypts an envelope bound to a context given as its UTF-8 bytes.
    ///
    /// - Throws: as `decrypt(_:context:)`.
    public func decrypt(_ envelope: [UInt8], context: [UInt8]) throws -> [UInt8] {
        let parsed = try Envelope(envelope)
        let key = try self.key(for: parsed, in: envelope)
        let box = AESGCM.SealedBox(
            nonce: Array(envelope[parsed.nonce]), ciphertext: Array(envelope[parsed.ciphertext]),
            tag: Array(envelope[parsed.tag]))
        return try AESGCM.open(box, key: key.key, authenticating: envelope[..<parsed.nonce.upperBound] + context)
    }

    /// Encrypts the UTF-8 bytes of `plaintext`.
    ///
    /// - Throws: as `encrypt(_:context:)`.
    public func encryptString(_ plaintext: String, context: String) throws -> [UInt8] {
        try encrypt(Array(plaintext.utf8), context: context)
    }

    /// Decrypts an envelope made by `encryptString`.
    ///
    /// - Throws: as `decrypt(_:context:)`, and `.crypto` when the plaintext is not UTF-8.
    public func decryptString(_ envelope: some Collection<UInt8>, context: String) throws -> String {
        let bytes = try decrypt(envelope, context: context)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw OpenSSL.failure("decrypted value is not UTF-8 text")
        }
        return text
    }

    /// The key version an envelope names, to find values still under an old key after a rotation.
    ///
    /// - Throws: `PHIGuardError` with code `.crypto` when the envelope is malformed.
    public static func keyVersion(of envelope: some Collection<UInt8>) throws -> Int {
        Int(try Envelope(Array(envelope)).version)
    }
}

extension Keyring {
    /// The key an envelope names, by version and id.
    fileprivate func key<Bytes: RandomAccessCollection<UInt8>>(for envelope: Envelope, in bytes: Bytes) throws
        -> DataKey where Bytes.Index == Int
    {
        guard let key = keys[envelope.version], key.id.utf8.elementsEqual(bytes[envelope.keyID]) else {
            throw OpenSSL.failure("envelope names a data-encryption key this keyring does not hold")
        }
        return key
    }

    /// Decrypts many envelopes on one thread, each key's cipher prepared once and one plaintext buffer reused:
    /// for scans such as ledger verification, where a fresh cipher context per envelope would cost more than the
    /// decryption. Not for sharing between threads.
    public final class Opener {
        private let keyring: Keyring
        private var openers: [UInt32: OpenSSL.GCMOpener] = [:]
        /// The header of the last envelope opened (format, key id and version) and its opener: a scan's
        /// envelopes nearly all name the same key, and comparing those bytes is cheaper than parsing them again.
        private var lastHeader: [UInt8] = []
        private var lastOpener: OpenSSL.GCMOpener?

        /// An opener for the keys of `keyring`.
        public init(_ keyring: Keyring) { self.keyring = keyring }

        /// Decrypts an envelope made by `Keyring.encrypt` with the same context into `plaintext`, replacing what it
        /// held.
        ///
        /// - Throws: as `Keyring.decrypt(_:context:)`; `plaintext` is then empty.
        public func decrypt(_ envelope: UnsafeRawBufferPointer, context: [UInt8], into plaintext: inout [UInt8])
            throws
        {
            plaintext.removeAll(keepingCapacity: true)
            let opener: OpenSSL.GCMOpener
            let parts: (nonce: Range<Int>, ciphertext: Range<Int>, tag: Range<Int>)
            if let lastOpener, let same = Envelope.layout(envelope, ifHeaderIs: lastHeader) {
                (opener, parts) = (lastOpener, same)
            } else {
                let parsed = try Envelope(envelope)
                opener = try self.opener(for: keyring.key(for: parsed, in: envelope))
                parts = (parsed.nonce, parsed.ciphertext, parsed.tag)
                lastHeader = Array(envelope[..<parsed.nonce.lowerBound])
                lastOpener = opener
            }
            try context.withUnsafeBytes { context in
                try opener.open(
                    nonce: UnsafeRawBufferPointer(rebasing: envelope[parts.nonce]),
                    associatedData: UnsafeRawBufferPointer(rebasing: envelope[..<parts.nonce.upperBound]), context,
                    ciphertext: UnsafeRawBufferPointer(rebasing: envelope[parts.ciphertext]),
                    tag: UnsafeRawBufferPointer(rebasing: envelope[parts.tag]), into: &plaintext)
            }
        }

        private func opener(for key: DataKey) throws -> OpenSSL.GCMOpener {
            if let opener = openers[key.version] { return opener }
            let opener = try key.key.withUnsafeBytes { try OpenSSL.GCMOpener(key: $0) }
            openers[key.version] = opener
            return opener
        }
    }
}

/// Where the parts of an envelope lie; the layout is documented on `Keyring.encrypt(_:context:)`. The header
/// (authenticated with the context) runs from the start to the end of the nonce.
struct Envelope {
    static let format: UInt8 = 1

    var keyID: Range<Int>
    var version: UInt32
    var nonce: Range<Int>
    var ciphertext: Range<Int>
    var tag: Range<Int>

    static func header(keyID: String, version: UInt32, nonce: [UInt8]) -> [UInt8] {
        let id = Array(keyID.utf8)
        return [format, UInt8(id.count)] + id + version.bigEndianBytes + nonce
    }

    /// The nonce, ciphertext and tag of `bytes` when it begins with `header` (format, key id and version of an
    /// envelope already parsed and checked) and is long enough to hold them; nil otherwise.
    static func layout(_ bytes: UnsafeRawBufferPointer, ifHeaderIs header: [UInt8])
        -> (nonce: Range<Int>, ciphertext: Range<Int>, tag: Range<Int>)?
    {
        let headerLength = header.count + AESGCM.nonceByteCount
        guard !header.isEmpty, bytes.count >= headerLength + AESGCM.tagByteCount,
            ConstantTime.equals(UnsafeRawBufferPointer(rebasing: bytes[..<header.count]), header)
        else { return nil }
        let tagStart = bytes.count - AESGCM.tagByteCount
        return (header.count..<headerLength, headerLength..<tagStart, tagStart..<bytes.count)
    }

    /// Locates the parts of `bytes`, which are indexed from 0.
    init<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes) throws where Bytes.Index == Int {
        precondition(bytes.startIndex == 0, "an envelope is read from index 0")
        guard bytes.count >= 2 else { throw OpenSSL.failure("envelope is truncated") }
        guard bytes[0] == Self.format else { throw OpenSSL.failure("unknown envelope format") }
        let idLength = Int(bytes[1])
        let headerLength = 2 + idLength + 4 + AESGCM.nonceByteCount
        guard idLength > 0, bytes.count >= headerLength + AESGCM.tagByteCount else {
            throw OpenSSL.failure("envelope is truncated")
        }
        guard String(validating: bytes[2..<2 + idLength], as: UTF8.self) != nil else {
            throw OpenSSL.failure("envelope key id is not UTF-8")
        }
        keyID = 2..<2 + idLength
        version = bytes[2 + idLength..<6 + idLength].reduce(0) { $0 << 8 | UInt32($1) }
        nonce = 6 + idLength..<headerLength
        ciphertext = headerLength..<bytes.count - AESGCM.tagByteCount
        tag = bytes.count - AESGCM.tagByteCount..<bytes.count
    }
}
