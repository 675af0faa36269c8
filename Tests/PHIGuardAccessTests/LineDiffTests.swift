import PHIGuardAccess
import Testing

@Suite("Line diff")
struct LineDiffTests {
    /// The diff as compact marks: `=a` shared, `-a` removed, `+a` added.
    static func marks(_ old: String, _ new: String) -> [String] {
        LineDiff(old: old, new: new).lines.map { line in
            switch line.change {
            case .same: "=" + line.text
            case .removed: "-" + line.text
            case .added: "+" + line.text
            }
        }
    }

    @Test("two empty texts have no lines")
    func empty() {
        let diff = LineDiff(old: "", new: "")
        #expect(diff.lines.isEmpty)
        #expect(diff.isEmpty)
    }

    @Test("from or to an empty text every line is added or removed")
    func oneSideEmpty() {
        #expect(Self.marks("", "a\nb\n") == ["+a", "+b"])
        #expect(Self.marks("a\nb", "") == ["-a", "-b"])
        let added = LineDiff(old: "", new: "a\nb")
        #expect(added.added == 2 && added.removed == 0)
        #expect(added.lines.map(\.newNumber) == [1, 2])
        #expect(added.lines.allSatisfy { $0.oldNumber == nil })
    }

    @Test("identical texts share every line, numbered in both")
    func identical() {
        let diff = LineDiff(old: "a\nb\nc\n", new: "a\nb\nc\n")
        #expect(diff.isEmpty)
        #expect(diff.lines.map(\.oldNumber) == [1, 2, 3])
        #expect(diff.lines.map(\.newNumber) == [1, 2, 3])
    }

    @Test("an inserted line is the only addition, and later lines are renumbered")
    func insertion() {
        #expect(Self.marks("a\nb\nc", "a\nb\nX\nc") == ["=a", "=b", "+X", "=c"])
        let diff = LineDiff(old: "a\nb\nc", new: "a\nb\nX\nc")
        #expect(diff.lines.last?.oldNumber == 3)
        #expect(diff.lines.last?.newNumber == 4)
        #expect(Self.marks("b", "a\nb") == ["+a", "=b"])
        #expect(Self.marks("a", "a\nb") == ["=a", "+b"])
    }

    @Test("a deleted line is the only removal")
    func deletion() {
        #expect(Self.marks("a\nb\nc\nd", "a\nc\nd") == ["=a", "-b", "=c", "=d"])
        #expect(Self.marks("a\nb", "b") == ["-a", "=b"])
        #expect(Self.marks("a\nb", "a") == ["=a", "-b"])
    }

    @Test("a changed line is removed and its replacement added")
    func change() {
        #expect(Self.marks("a\nb\nc", "a\nB\nc") == ["=a", "-b", "+B", "=c"])
        #expect(Self.marks("x", "y") == ["-x", "+y"])
    }

    @Test("a final line break and Windows line breaks do not count as changes")
    func lineBreaks() {
        #expect(LineDiff(old: "a\nb", new: "a\nb\n").isEmpty)
        #expect(LineDiff(old: "a\r\nb\r\n", new: "a\nb\n").isEmpty)
        #expect(Self.marks("a\n\nb", "a\nb") == ["=a", "-", "=b"])
    }

    @Test("the classic example needs five edits")
    func classic() {
        let diff = LineDiff(oldLines: "ABCABBA".map(String.init), newLines: "CBABAC".map(String.init))
        #expect(diff.added + diff.removed == 5)
        #expect(Self.rebuilt(diff) == ("ABCABBA".map(String.init), "CBABAC".map(String.init)))
    }

    @Test("random texts: the diff rebuilds both sides and is as short as the longest common subsequence allows")
    func random() {
        var generator = SplitMix(seed: 0x5EED)
        for _ in 0..<400 {
            let old = (0..<Int(generator.next() % 12)).map { _ in String(generator.next() % 4) }
            let new = (0..<Int(generator.next() % 12)).map { _ in String(generator.next() % 4) }
            let diff = LineDiff(oldLines: old, newLines: new)
            let rebuilt = Self.rebuilt(diff)
            #expect(rebuilt.old == old && rebuilt.new == new)
            let common = Self.longestCommonSubsequence(old, new)
            #expect(diff.removed == old.count - common && diff.added == new.count - common, "\(old) \(new)")
        }
    }

    @Test("more edits than the search allows still give a correct diff")
    func beyondTheLimit() {
        let count = LineDiff.maximumEdits + 10
        let old = (0..<count).map { "old \($0)" }
        let new = (0..<count).map { "new \($0)" }
        let diff = LineDiff(oldLines: ["head"] + old + ["tail"], newLines: ["head"] + new + ["tail"])
        #expect(diff.removed == count && diff.added == count)
        #expect(diff.lines.first?.change == .same && diff.lines.last?.change == .same)
        #expect(diff.lines.last?.oldNumber == count + 2)
    }

    /// The old and new texts read back from a diff.
    static func rebuilt(_ diff: LineDiff) -> (old: [String], new: [String]) {
        (
            diff.lines.filter { $0.change != .added }.map(\.text),
            diff.lines.filter { $0.change != .removed }.map(\.text)
        )
    }

    /// The textbook dynamic-programming length, to check the diff is minimal.
    static func longestCommonSubsequence(_ a: [String], _ b: [String]) -> Int {
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                table[i][j] = a[i] == b[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        return table[0][0]
    }
}

/// A small deterministic generator, so a failing case repeats.
struct SplitMix {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
