/// Bytes that must never be printed, logged or compared in variable time: keys, seeds, derived secrets.
///
/// `description`, `debugDescription` and reflection show only the length; `==` is constant-time.
// TODO: Swift arrays can be copied and freed without being wiped; zeroing on release needs a class-backed
// buffer that never escapes, which would also make every copy a reference. Revisit if a threat model needs it.
public struct SecretBytes: Sendable {
    private let storage: [UInt8]

    /// Wraps `bytes`. The caller should drop its own copy.
    public init(_ bytes: some Collection<UInt8>) {
        storage = Array(bytes)
    }

    /// `count` fresh random bytes.
    public static func random(count: Int) -> SecretBytes {
        SecretBytes(SecureRandom.bytes(count))
    }

    /// The number of bytes.
    public var count: Int { storage.count }

    /// Whether there are no bytes.
    public var isEmpty: Bool { storage.isEmpty }

    /// Runs `body` over the secret bytes without copying them out.
    public func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try storage.withUnsafeBytes(body)
    }

    /// A copy of the secret as a plain array, for the rare caller that must hand it on (for example to encode
    /// a freshly generated key once). Named loudly so it stands out in review.
    public var revealedBytes: [UInt8] { storage }
}

extension SecretBytes: Equatable {
    /// Constant-time equality; secrets of different lengths are unequal.
    public static func == (lhs: SecretBytes, rhs: SecretBytes) -> Bool {
        ConstantTime.equals(lhs.storage, rhs.storage)
    }
}

extension SecretBytes: CustomStringConvertible {
    /// `SecretBytes(<redacted>, 32 bytes)`: the length only.
    public var description: String { "SecretBytes(<redacted>, \(storage.count) bytes)" }
}

extension SecretBytes: CustomDebugStringConvertible {
    /// The same as `description`: debugging output is no place for a secret either.
    public var debugDescription: String { description }
}

extension SecretBytes: CustomReflectable {
    /// No children, so `dump` and debuggers do not walk into the bytes.
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}
