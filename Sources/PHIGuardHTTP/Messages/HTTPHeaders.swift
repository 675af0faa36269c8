/// An ordered list of header fields with case-insensitive lookup.
public struct HTTPHeaders: Sendable, Sequence {
    private var fields: [(name: String, value: String)] = []

    /// Creates an empty list.
    public init() {}

    /// Creates a list from name and value pairs, in order.
    public init(_ pairs: [(String, String)]) {
        for (name, value) in pairs { add(name, value) }
    }

    /// The first value of a header, ignoring case of the name.
    public subscript(_ name: String) -> String? {
        fields.first { Self.namesMatch($0.name, name) }?.value
    }

    /// Appends a field, keeping any existing ones of the same name.
    public mutating func add(_ name: String, _ value: String) {
        reserveOnFirstUse()
        fields.append((name, value))
    }

    /// Replaces every field of this name with one value.
    public mutating func set(_ name: String, _ value: String) {
        remove(name)
        reserveOnFirstUse()
        fields.append((name, value))
    }

    /// Room for a typical answer's headers at once, instead of growing the array four times on the way there.
    private mutating func reserveOnFirstUse() {
        if fields.capacity == 0 { fields.reserveCapacity(12) }
    }

    /// Removes every field of this name.
    public mutating func remove(_ name: String) {
        fields.removeAll { Self.namesMatch($0.name, name) }
    }

    /// Whether two field names are equal ignoring ASCII case, the only case folding field names need (RFC 9110
    /// section 5.1: names are tokens, which are ASCII). Compares bytes in place, allocating nothing.
    static func namesMatch(_ first: String, _ second: String) -> Bool {
        var first = first
        var second = second
        let matched = first.withUTF8 { lhs in
            second.withUTF8 { rhs in
                guard lhs.count == rhs.count else { return false }
                for index in lhs.indices where lhs[index] != rhs[index] {
                    guard lowercasedASCII(lhs[index]) == lowercasedASCII(rhs[index]) else { return false }
                }
                return true
            }
        }
        return matched
    }

    private static func lowercasedASCII(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte
    }

    /// Iterates over the fields in order.
    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> {
        fields.makeIterator()
    }
}
