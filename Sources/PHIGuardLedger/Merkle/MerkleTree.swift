import PHIGuardCore
import PHIGuardCrypto

/// The Merkle tree hashing of RFC 6962 and RFC 9162 section 2, over SHA-256.
///
/// Hashes are 32-byte arrays. Leaves and interior nodes are hashed with different one-byte prefixes so that a
/// leaf can never be passed off as a node. The tree over `n` leaves splits at the largest power of two smaller
/// than `n`, so every left subtree is complete (a perfect tree of `2^level` leaves) and only the right edge can
/// be incomplete. Proof generation, root computation and verification live in extensions of this namespace.
public enum MerkleTree {
    /// The length of every hash in the tree, in bytes.
    public static let hashByteCount = 32

    /// The root of the empty tree: SHA-256 of no input.
    public static let emptyRoot: [UInt8] = SHA256.hash([UInt8]())

    /// The hash of one log entry: SHA-256(0x00 || entry).
    public static func leafHash(_ entry: some Collection<UInt8>) -> [UInt8] {
        leafHash(Array(entry))
    }

    /// The leaf hash of an entry held in an array, the common case, without generic calls into the hashing
    /// module.
    public static func leafHash(_ entry: [UInt8]) -> [UInt8] {
        var hasher = SHA256.Hasher()
        hasher.update(leafPrefix)
        hasher.update(entry)
        return hasher.finalize()
    }

    private static let leafPrefix: [UInt8] = [0x00]

    /// The hash of an interior node: SHA-256(0x01 || left || right).
    ///
    /// The 65-byte input is assembled on the stack, so the only allocation is the returned hash.
    public static func nodeHash(_ left: [UInt8], _ right: [UInt8]) -> [UInt8] {
        precondition(
            left.count == hashByteCount && right.count == hashByteCount, "Merkle node children must be 32 bytes")
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 1 + 2 * hashByteCount) { buffer in
            buffer[0] = 0x01
            for offset in 0..<hashByteCount {
                buffer[1 + offset] = left[offset]
                buffer[1 + hashByteCount + offset] = right[offset]
            }
            return SHA256.hash(UnsafeBufferPointer(buffer))
        }
    }

    /// The root over leaf hashes already in memory; O(n) time and O(log n) extra space.
    public static func rootHash(leafHashes: some Sequence<[UInt8]>) -> [UInt8] {
        var builder = MerkleTreeBuilder()
        for leafHash in leafHashes { builder.append(leafHash) }
        return builder.rootHash
    }

    /// The largest power of two strictly smaller than `size` (which must be at least 2): the RFC 6962 split.
    static func splitPoint(_ size: Int) -> Int {
        precondition(size >= 2, "only trees of two or more leaves split")
        return 1 << (Int.bitWidth - 1 - (size - 1).leadingZeroBitCount)
    }

    /// Whether `bytes` has the length of a tree hash.
    static func isHash(_ bytes: [UInt8]) -> Bool { bytes.count == hashByteCount }
}
