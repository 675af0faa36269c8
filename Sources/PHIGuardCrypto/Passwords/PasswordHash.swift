import Foundation

/// Password storage with scrypt, in a self-describing PHC-style string:
/// `$scrypt$ln=15,r=8,p=1$<salt>$<hash>`, where `ln` is log2(N) and salt and hash are base64 without padding.
///
/// The string carries its own cost, so stored hashes keep verifying after the default cost goes up.
public enum PasswordHash {
    /// scrypt cost parameters.
    public struct Cost: Sendable, Hashable {
        /// log2 of N, the CPU/memory cost.
        public var logN: Int
        /// The block size.
        public var r: Int
        /// The parallelization.
        public var p: Int

        /// A cost from its parts; `make` checks the ranges.
        public init(logN: Int, r: Int, p: Int) {
            self.logN = logN
            self.r = r
            self.p = p
        }

        /// For people signing in: N = 2^15, r = 8, p = 1, 32 MiB and tens of milliseconds per hash.
        public static let interactive = Cost(logN: 15, r: 8, p: 1)

        /// For tests only: N = 2^4, fast and weak.
        public static let testing = Cost(logN: 4, r: 8, p: 1)

        /// The memory scrypt needs at this cost.
        var memoryNeeded: UInt64 {
            Scrypt.memoryNeeded(n: 1 << UInt64(logN), r: UInt32(r), p: UInt32(p))
        }

        /// Whether verification accepts this cost; bounds memory and time for strings read from the store.
        var isAcceptable: Bool {
            (1...20).contains(logN) && (1...32).contains(r) && (1...16).contains(p)
                && memoryNeeded <= PasswordHash.memoryLimit
        }
    }

    /// The salt length of new hashes in bytes.
    public static let saltByteCount = 16
    /// The derived hash length of new hashes in bytes.
    public static let hashByteCount = 32
    /// The most memory one verification may use (64 MiB, twice what the interactive cost needs).
    static let memoryLimit: UInt64 = 64 << 20

    /// Hashes `password` with a fresh random salt.
    ///
    /// - Throws: `PHIGuardError` with code `.crypto` when `cost` is out of range or the derivation fails.
    public static func make(password: String, cost: Cost = .interactive) throws -> String {
        guard cost.isAcceptable else { throw OpenSSL.failure("password hash cost out of range") }
        let salt = SecureRandom.bytes(saltByteCount)
        let hash = try derive(password: password, salt: salt, cost: cost, length: hashByteCount)
        return "$scrypt$ln=\(cost.logN),r=\(cost.r),p=\(cost.p)$\(unpadded(salt))$\(unpadded(hash))"
    }

    /// Whether `password` matches `encoded`, compared in constant time. A malformed string, or one with a cost
    /// beyond what this server accepts, never matches.
    public static func verify(password: String, against encoded: String) -> Bool {
        guard let stored = Stored(encoded), stored.cost.isAcceptable else { return false }
        guard
            let hash = try? derive(password: password, salt: stored.salt, cost: stored.cost, length: stored.hash.count)
        else { return false }
        return ConstantTime.equals(hash, stored.hash)
    }

    /// The cost recorded in `encoded`, to decide whether a hash should be redone at a higher cost after a
    /// successful sign-in; nil when the string is not a scrypt hash.
    public static func cost(of encoded: String) -> Cost? {
        Stored(encoded)?.cost
    }

    private static func derive(password: String, salt: [UInt8], cost: Cost, length: Int) throws -> [UInt8] {
        try Scrypt.derive(
            password: Array(password.utf8), salt: salt, n: 1 << UInt64(cost.logN), r: UInt32(cost.r),
            p: UInt32(cost.p), length: length, maxMemory: memoryLimit
        )
    }

    private static func unpadded(_ bytes: [UInt8]) -> String {
        String(bytes.base64.prefix { $0 != "=" })
    }

    /// The parts of a stored hash string.
    private struct Stored {
        var cost: Cost
        var salt: [UInt8]
        var hash: [UInt8]

        init?(_ encoded: String) {
            let fields = encoded.split(separator: "$", omittingEmptySubsequences: false)
            guard fields.count == 5, fields[0].isEmpty, fields[1] == "scrypt" else { return nil }
            var values: [Substring: Int] = [:]
            for pair in fields[2].split(separator: ",") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                guard parts.count == 2, let value = Int(parts[1]) else { return nil }
                values[parts[0]] = value
            }
            guard values.count == 3, let logN = values["ln"], let r = values["r"], let p = values["p"],
                let salt = try? [UInt8](base64: fields[3]), let hash = try? [UInt8](base64: fields[4]),
                (8...64).contains(salt.count), (16...64).contains(hash.count)
            else { return nil }
            self.cost = Cost(logN: logN, r: r, p: p)
            self.salt = salt
            self.hash = hash
        }
    }
}
