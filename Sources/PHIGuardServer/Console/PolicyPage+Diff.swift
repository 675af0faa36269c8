import PHIGuardAccess
import PHIGuardHTTP

/// The differences between two versions, policies and schema each, with unchanged stretches folded away.
extension PolicyPage {
    /// Unchanged lines kept around each change so it can be read in place.
    static let contextLines = 3

    func diff(_ request: HTTPRequest, session: ConsoleSession) throws -> HTTPResponse {
        let versions = try context.policies.list().map(\.version)
        let from = request.query["from"].flatMap { Int($0) }
        let to = request.query["to"].flatMap { Int($0) }
        var content: [HTML] = [chooser(versions: versions, from: from, to: to)]
        if let from, let to {
            let old = try found { try context.policies.version(from) }
            let new = try found { try context.policies.version(to) }
            for (file, before, after) in [
                ("policies", old.policies, new.policies), ("schema", old.schema, new.schema),
            ] {
                let diff = LineDiff(old: before, new: after)
                content.append(
                    H.h2(
                        "\(file.capitalizedFirst): "
                            + (diff.isEmpty
                                ? "no changes"
                                : "\(Self.lines(diff.added)) added, \(Self.lines(diff.removed)) removed")))
                if !diff.isEmpty { content.append(Self.table(diff, file: file)) }
            }
        }
        let title = from.flatMap { from in to.map { "Version \(from) to version \($0)" } } ?? "Compare versions"
        return .html(Layout.page(title: title, current: "/policies", session: session, .group(content)))
    }

    private func chooser(versions: [Int], from: Int?, to: Int?) -> HTML {
        let options = versions.map { (String($0), "Version \($0)") }
        return .element(
            "form", ["method": "get", "action": "/policies/diff", "id": "diff-chooser", "class": "actions"],
            [
                H.select(
                    "From", name: "from", options: options,
                    selected: (from ?? versions.dropFirst().first).map(String.init)),
                H.select("To", name: "to", options: options, selected: (to ?? versions.first).map(String.init)),
                H.button("Compare"),
            ])
    }

    /// The diff as rows: old and new line numbers, a mark, the text; folded stretches as one row.
    private static func table(_ diff: LineDiff, file: String) -> HTML {
        let lines = diff.lines
        let changed = lines.indices.filter { lines[$0].change != .same }
        var shown = Set<Int>()
        for index in changed {
            shown.formUnion(max(0, index - contextLines)...min(lines.count - 1, index + contextLines))
        }
        var rows: [HTML] = []
        var folded = 0
        for (index, line) in lines.enumerated() {
            guard shown.contains(index) else {
                folded += 1
                continue
            }
            if folded > 0 { rows.append(foldRow(folded)) }
            folded = 0
            let (mark, kind): (String, String) =
                switch line.change {
                case .same: (" ", "same")
                case .removed: ("-", "removed")
                case .added: ("+", "added")
                }
            rows.append(
                .element(
                    "tr", ["class": kind],
                    [
                        .element("td", ["class": "ln"], [.text(line.oldNumber.map(String.init) ?? "")]),
                        .element("td", ["class": "ln"], [.text(line.newNumber.map(String.init) ?? "")]),
                        .element("td", ["class": "mark"], [.text(mark)]),
                        .element("td", ["class": "code"], [.text(line.text)]),
                    ]))
        }
        if folded > 0 { rows.append(foldRow(folded)) }
        return .element(
            "div", ["class": "listing"],
            [.element("table", ["class": "source diff", "id": "diff-\(file)"], [.element("tbody", [:], rows)])])
    }

    private static func lines(_ count: Int) -> String { count == 1 ? "1 line" : "\(count) lines" }

    private static func foldRow(_ count: Int) -> HTML {
        .element(
            "tr", ["class": "folded"],
            [
                .element(
                    "td", ["colspan": "4"], [.text("\(lines(count)) unchanged")])
            ])
    }
}
