import PHIGuardAccess

/// Policy and schema text as the console shows it: numbered lines, the lines with problems highlighted, and the
/// problems as a list linking to their lines.
enum SourceListing {
    /// The text with a number on every line; each line's row has the id `<file>-L<line>`, and lines named by
    /// a problem of this file carry the class `problem`.
    static func listing(_ text: String, file: String, problems: [PolicyProblem]) -> HTML {
        let marked = Set(problems.filter { $0.file == file }.map(\.line))
        let rows: [HTML] = LineDiff.lines(of: text).enumerated().map { index, line in
            let number = index + 1
            return .element(
                "tr", ["id": "\(file)-L\(number)", "class": marked.contains(number) ? "problem" : nil],
                [
                    .element("td", ["class": "ln"], [.text(String(number))]),
                    .element("td", ["class": "code"], [.text(line)]),
                ])
        }
        return .element(
            "div", ["class": "listing"],
            [.element("table", ["class": "source", "id": "listing-\(file)"], [.element("tbody", [:], rows)])])
    }

    /// The problems, each naming its file, line and column and linking to the line in the listing.
    static func problemList(_ problems: [PolicyProblem]) -> HTML {
        let items: [HTML] = problems.map { problem in
            .element(
                "li", [:],
                [
                    H.a(
                        "#\(problem.file)-L\(problem.line)",
                        "\(problem.file) line \(problem.line), column \(problem.column)"),
                    .text(": " + (problem.policy.map { "policy \($0): " } ?? "") + problem.message),
                ])
        }
        return .element("ul", ["class": "problems", "id": "problems"], items)
    }
}
