/// The lines two texts share and the lines that were removed or added, in order, as Myers' O(ND) algorithm
/// finds them: the fewest removals and additions that turn the old text into the new one.
public struct LineDiff: Sendable, Hashable {
    /// One line of the diff.
    public struct Line: Sendable, Hashable {
        /// Whether the line is in both texts, only the old one, or only the new one.
        public enum Change: Sendable, Hashable {
            case same, removed, added
        }

        public var change: Change
        /// The line without its line break.
        public var text: String
        /// The line's number in the old text; nil for an added line.
        public var oldNumber: Int?
        /// The line's number in the new text; nil for a removed line.
        public var newNumber: Int?

        /// A line with its numbers in the old and new texts, each starting at 1.
        public init(_ change: Change, _ text: String, old: Int?, new: Int?) {
            self.change = change
            self.text = text
            oldNumber = old
            newNumber = new
        }
    }

    /// Past this many removals and additions between the shared start and end, the middle is shown as removed
    /// whole and added whole: still a correct diff, only not the shortest. It bounds the search's memory, which
    /// grows with the square of the edit count.
    public static let maximumEdits = 1_000

    /// Every line of both texts: shared lines once, removed lines before the lines added in their place.
    public let lines: [Line]

    /// Compares two texts line by line. A final line break does not start another line, so an empty text has
    /// no lines.
    public init(old: String, new: String) {
        self.init(oldLines: Self.lines(of: old), newLines: Self.lines(of: new))
    }

    /// Compares two lists of lines.
    public init(oldLines: [String], newLines: [String]) {
        lines = Self.compare(oldLines, newLines)
    }

    /// How many lines were added.
    public var added: Int { lines.count { $0.change == .added } }

    /// How many lines were removed.
    public var removed: Int { lines.count { $0.change == .removed } }

    /// Whether the texts have the same lines.
    public var isEmpty: Bool { lines.allSatisfy { $0.change == .same } }

    /// The lines of a text; `\r\n` counts as one break, and a final break does not start another line.
    public static func lines(of text: String) -> [String] {
        guard !text.isEmpty else { return [] }
        // "\r\n" is one Character in Swift, so it is matched as a separator of its own.
        func isBreak(_ character: Character) -> Bool { character == "\n" || character == "\r\n" }
        var parts = text.split(omittingEmptySubsequences: false, whereSeparator: isBreak).map(String.init)
        if let last = text.last, isBreak(last) { parts.removeLast() }
        return parts
    }

    private static func compare(_ old: [String], _ new: [String]) -> [Line] {
        // Lines become small integers so the search compares numbers, not strings.
        var numbers: [String: Int] = [:]
        func number(_ line: String) -> Int {
            if let known = numbers[line] { return known }
            numbers[line] = numbers.count
            return numbers.count - 1
        }
        let a = old.map { number($0) }
        let b = new.map { number($0) }

        var prefix = 0
        while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix,
            a[a.count - 1 - suffix] == b[b.count - 1 - suffix]
        {
            suffix += 1
        }
        let middle = Self.middle(Array(a[prefix..<(a.count - suffix)]), Array(b[prefix..<(b.count - suffix)]))

        var result: [Line] = []
        result.reserveCapacity(prefix + middle.count + suffix)
        for index in 0..<prefix { result.append(Line(.same, old[index], old: index + 1, new: index + 1)) }
        var oldIndex = prefix
        var newIndex = prefix
        for change in middle {
            switch change {
            case .same:
                result.append(Line(.same, old[oldIndex], old: oldIndex + 1, new: newIndex + 1))
                oldIndex += 1
                newIndex += 1
            case .removed:
                result.append(Line(.removed, old[oldIndex], old: oldIndex + 1, new: nil))
                oldIndex += 1
            case .added:
                result.append(Line(.added, new[newIndex], old: nil, new: newIndex + 1))
                newIndex += 1
            }
        }
        for offset in 0..<suffix {
            result.append(Line(.same, old[oldIndex + offset], old: oldIndex + offset + 1, new: newIndex + offset + 1))
        }
        return result
    }

    /// The edit script between two sequences that share neither their first nor their last element.
    private static func middle(_ a: [Int], _ b: [Int]) -> [Line.Change] {
        if a.isEmpty || b.isEmpty {
            return Array(repeating: .removed, count: a.count) + Array(repeating: .added, count: b.count)
        }
        guard let trace = forward(a, b) else {
            return Array(repeating: .removed, count: a.count) + Array(repeating: .added, count: b.count)
        }
        return backtrack(a, b, trace: trace)
    }

    /// The furthest-reaching x on each diagonal k (x - y) before each round d, kept for diagonals -(d-1)...d-1
    /// (the only ones round d reads), or nil when more than `maximumEdits` rounds would be needed.
    private static func forward(_ a: [Int], _ b: [Int]) -> [[Int]]? {
        let n = a.count
        let m = b.count
        let limit = min(n + m, maximumEdits)
        let offset = limit + 1
        var furthest = [Int](repeating: 0, count: 2 * limit + 3)
        var trace: [[Int]] = []
        for d in 0...limit {
            trace.append(d == 0 ? [] : Array(furthest[(offset - d + 1)...(offset + d - 1)]))
            for k in stride(from: -d, through: d, by: 2) {
                var x =
                    k == -d || (k != d && furthest[offset + k - 1] < furthest[offset + k + 1])
                    ? furthest[offset + k + 1] : furthest[offset + k - 1] + 1
                var y = x - k
                while x < n, y < m, a[x] == b[y] {
                    x += 1
                    y += 1
                }
                furthest[offset + k] = x
                if x >= n, y >= m { return trace }
            }
        }
        return nil
    }

    /// Walks the rounds back from the end, one removal or addition per round plus the shared run before it.
    private static func backtrack(_ a: [Int], _ b: [Int], trace: [[Int]]) -> [Line.Change] {
        var x = a.count
        var y = b.count
        var reversed: [Line.Change] = []
        for d in stride(from: trace.count - 1, to: 0, by: -1) {
            let before = trace[d]
            func reach(_ k: Int) -> Int { before[k + d - 1] }
            let k = x - y
            let previousK = k == -d || (k != d && reach(k - 1) < reach(k + 1)) ? k + 1 : k - 1
            let previousX = reach(previousK)
            let previousY = previousX - previousK
            while x > previousX, y > previousY {
                reversed.append(.same)
                x -= 1
                y -= 1
            }
            if x == previousX {
                reversed.append(.added)
                y -= 1
            } else {
                reversed.append(.removed)
                x -= 1
            }
        }
        reversed.append(contentsOf: repeatElement(.same, count: x))
        return reversed.reversed()
    }
}
