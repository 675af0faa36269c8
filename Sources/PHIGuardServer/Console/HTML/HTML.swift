/// A fragment of HTML that is safe by construction: text is escaped when it enters, tag and attribute names
/// are compile-time constants, and the only way to get markup is through the element builders.
public struct HTML: Sendable, ExpressibleByStringInterpolation {
    /// The rendered markup.
    public private(set) var rendered: String

    private init(markup: String) { rendered = markup }

    /// Escaped text. String literals and interpolations become text, never markup.
    public init(stringLiteral value: String) { rendered = HTML.escape(value) }

    public init(stringInterpolation: DefaultStringInterpolation) {
        rendered = HTML.escape(String(stringInterpolation: stringInterpolation))
    }

    /// Escaped text from a runtime string.
    public static func text(_ value: String) -> HTML { HTML(markup: escape(value)) }

    /// No output.
    public static let empty = HTML(markup: "")

    /// An element with attributes and children. Attribute values are escaped; a nil value omits the attribute,
    /// an empty one writes a bare boolean attribute.
    public static func element(
        _ tag: StaticString,
        _ attributes: KeyValuePairs<StaticString, String?> = [:],
        _ children: [HTML] = []
    ) -> HTML {
        var out = "<\(tag)"
        for (name, value) in attributes {
            guard let value else { continue }
            out += value.isEmpty ? " \(name)" : " \(name)=\"\(escape(value))\""
        }
        out += ">"
        if voidElements.contains("\(tag)") { return HTML(markup: out) }
        for child in children { out += child.rendered }
        out += "</\(tag)>"
        return HTML(markup: out)
    }

    /// Children side by side.
    public static func group(_ children: [HTML]) -> HTML {
        HTML(markup: children.map(\.rendered).joined())
    }

    /// A whole document with its doctype.
    static func document(_ root: HTML) -> String { "<!DOCTYPE html>\n" + root.rendered }

    private static let voidElements: Set<String> = ["br", "hr", "img", "input", "link", "meta"]

    /// Escapes the five characters that matter in text and in quoted attribute values.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
