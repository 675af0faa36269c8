import Foundation
import PHIGuardCore

/// Reads the fields of compliance input (breach cases, incidents) from decoded JSON, collecting one problem per
/// field of the wrong kind, missing, or unknown, so a caller learns everything wrong with the input at once.
struct FieldReader {
    private(set) var problems: [ComplianceInputError.Problem] = []

    /// Records a problem at a pointer.
    mutating func report(_ pointer: String, _ detail: String) {
        problems.append(.init(pointer: pointer, detail: detail))
    }

    /// The members of an object, reporting every member not in `known` and a value that is not an object.
    mutating func members(
        of value: InputValue, at pointer: String, known: [String], what: String
    ) -> [String: InputValue]? {
        guard case .object(let members) = value else {
            report(pointer.isEmpty ? "/" : pointer, "must be an object, not \(value.kindName)")
            return nil
        }
        let knownSet = Set(known)
        for key in members.keys.sorted() where !knownSet.contains(key) {
            report(pointer + "/" + Self.escape(key), "is not a field of \(what)")
        }
        return members
    }

    /// A required or optional date `YYYY-MM-DD`; `null` counts as absent.
    mutating func date(_ members: [String: InputValue], _ key: String, at pointer: String, required: Bool)
        -> CalendarDate?
    {
        guard let value = present(members, key, at: pointer, required: required) else { return nil }
        guard case .string(let text) = value, let date = CalendarDate(iso: text) else {
            report(pointer + "/" + key, "must be a date YYYY-MM-DD that exists on the calendar")
            return nil
        }
        return date
    }

    /// A required or optional instant in ISO 8601 (`2026-12-04T10:00:00Z`); `null` counts as absent.
    mutating func instant(_ members: [String: InputValue], _ key: String, at pointer: String, required: Bool)
        -> Date?
    {
        guard let value = present(members, key, at: pointer, required: required) else { return nil }
        guard case .string(let text) = value, let date = ISO8601.parse(text) else {
            report(pointer + "/" + key, "must be an ISO 8601 date and time with a zone")
            return nil
        }
        return date
    }

    /// A required or optional boolean; `null` counts as absent.
    mutating func bool(_ members: [String: InputValue], _ key: String, at pointer: String, required: Bool) -> Bool? {
        guard let value = present(members, key, at: pointer, required: required) else { return nil }
        guard case .bool(let flag) = value else {
            report(pointer + "/" + key, "must be true or false, not \(value.kindName)")
            return nil
        }
        return flag
    }

    /// A required or optional whole number member; `null` counts as absent.
    mutating func integer(_ members: [String: InputValue], _ key: String, at pointer: String, required: Bool)
        -> Int?
    {
        present(members, key, at: pointer, required: required).flatMap { integer($0, at: pointer + "/" + key) }
    }

    /// A whole number; the sign is checked with the rest of the validation, so negatives pass through here.
    mutating func integer(_ value: InputValue, at pointer: String) -> Int? {
        guard case .integer(let number) = value else {
            report(pointer, "must be a whole number, not \(value.kindName)")
            return nil
        }
        return number
    }

    /// A string of 1 to `maximum` characters once surrounding white space is trimmed.
    mutating func text(
        _ members: [String: InputValue], _ key: String, at pointer: String, required: Bool, maximum: Int
    ) -> String? {
        guard let value = present(members, key, at: pointer, required: required) else { return nil }
        guard case .string(let raw) = value else {
            report(pointer + "/" + key, "must be a string, not \(value.kindName)")
            return nil
        }
        let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...maximum).contains(trimmed.count) else {
            report(pointer + "/" + key, "must be 1 to \(maximum) characters")
            return nil
        }
        return trimmed
    }

    /// A list of strings, each 1 to `maximum` characters, at most `count` of them.
    mutating func texts(
        _ members: [String: InputValue], _ key: String, at pointer: String, maximum: Int, count: Int = 100
    ) -> [String]? {
        guard let value = present(members, key, at: pointer, required: false) else { return nil }
        guard case .array(let elements) = value, elements.count <= count else {
            report(pointer + "/" + key, "must be an array of at most \(count) strings")
            return nil
        }
        var texts: [String] = []
        for (index, element) in elements.enumerated() {
            let trimmed: String? =
                if case .string(let raw) = element { raw.trimmingCharacters(in: .whitespacesAndNewlines) } else { nil }
            guard let trimmed, (1...maximum).contains(trimmed.count) else {
                report("\(pointer)/\(key)/\(index)", "must be a string of 1 to \(maximum) characters")
                continue
            }
            texts.append(trimmed)
        }
        return texts
    }

    /// A string that must be one of a fixed set of words.
    mutating func word<Word: RawRepresentable & CaseIterable>(
        _ members: [String: InputValue], _ key: String, at pointer: String, required: Bool, as type: Word.Type
    ) -> Word? where Word.RawValue == String {
        guard let value = present(members, key, at: pointer, required: required) else { return nil }
        guard case .string(let text) = value, let word = Word(rawValue: text) else {
            let words = Word.allCases.map(\.rawValue).joined(separator: ", ")
            report(pointer + "/" + key, "must be one of \(words)\(required ? "" : " or null")")
            return nil
        }
        return word
    }

    /// The member's value when it is present and not `null`; reports a required member that is missing.
    mutating func present(_ members: [String: InputValue], _ key: String, at pointer: String, required: Bool)
        -> InputValue?
    {
        guard let value = members[key], value != .null else {
            if required { report(pointer + "/" + key, "is required") }
            return nil
        }
        return value
    }

    /// A member name as a JSON pointer token (RFC 6901): `~` and `/` escaped.
    static func escape(_ key: String) -> String {
        key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }
}
