/// A `like` pattern: literal characters and `*` wildcards that match any run of characters.
public struct Pattern: Hashable, Sendable {
    /// One piece of a pattern.
    public enum Element: Hashable, Sendable {
        /// A character that must match exactly.
        case literal(Unicode.Scalar)
        /// Matches zero or more characters.
        case wildcard
    }

    /// The pieces in order.
    public var elements: [Element]

    /// Creates a pattern from its pieces.
    public init(elements: [Element]) {
        self.elements = elements
    }

    /// Whether `text` matches the whole pattern, comparing Unicode scalars.
    public func matches(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        var textIndex = 0
        var patternIndex = 0
        var lastStar: Int?
        var starText = 0
        while textIndex < scalars.count {
            if patternIndex < elements.count, case .literal(let scalar) = elements[patternIndex],
                scalar == scalars[textIndex]
            {
                textIndex += 1
                patternIndex += 1
            } else if patternIndex < elements.count, elements[patternIndex] == .wildcard {
                lastStar = patternIndex
                starText = textIndex
                patternIndex += 1
            } else if let star = lastStar {
                patternIndex = star + 1
                starText += 1
                textIndex = starText
            } else {
                return false
            }
        }
        while patternIndex < elements.count, elements[patternIndex] == .wildcard { patternIndex += 1 }
        return patternIndex == elements.count
    }
}

extension Pattern: CustomStringConvertible {
    public var description: String {
        var text = ""
        for element in elements {
            switch element {
            case .wildcard: text += "*"
            case .literal("*"): text += "\\*"
            case .literal(let scalar): text += scalar.escaped(asASCII: false)
            }
        }
        return "\"\(text)\""
    }
}
