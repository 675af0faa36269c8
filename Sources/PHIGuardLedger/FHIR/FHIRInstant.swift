import PHIGuardCore

/// Parsing of FHIR `instant` texts (`YYYY-MM-DDThh:mm:ss[.f+](Z|±hh:mm)`), truncated to milliseconds.
enum FHIRInstant {
    /// The time `text` names, or nil when it is not an instant.
    static func parse(_ text: String) -> AuditTime? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20, let fields = dateAndTime(bytes) else { return nil }
        var cursor = 19
        var milliseconds: Int64 = 0
        if bytes[cursor] == UInt8(ascii: ".") {
            cursor += 1
            var digitCount = 0
            while cursor < bytes.count, let digit = digit(bytes[cursor]) {
                if digitCount < 3 { milliseconds = milliseconds * 10 + digit }
                digitCount += 1
                cursor += 1
            }
            guard digitCount > 0 else { return nil }
            for _ in digitCount..<max(digitCount, 3) { milliseconds *= 10 }
        }
        guard let offsetMinutes = offset(bytes[cursor...]) else { return nil }
        let days = AuditTime.daysSince1970(year: fields.year, month: fields.month, day: fields.day)
        let seconds = ((days * 24 + fields.hour) * 60 + fields.minute - offsetMinutes) * 60 + fields.second
        return try? AuditTime(millisecondsSince1970: seconds * 1000 + milliseconds)
    }

    private static func dateAndTime(
        _ bytes: [UInt8]
    ) -> (year: Int64, month: Int64, day: Int64, hour: Int64, minute: Int64, second: Int64)? {
        let separators: [Int: UInt8] = [4: 0x2D, 7: 0x2D, 10: 0x54, 13: 0x3A, 16: 0x3A]
        for index in 0..<19 {
            if let separator = separators[index] {
                guard bytes[index] == separator else { return nil }
            } else if digit(bytes[index]) == nil {
                return nil
            }
        }
        func number(_ start: Int, _ count: Int) -> Int64 {
            bytes[start..<start + count].reduce(0) { $0 * 10 + Int64($1 - 0x30) }
        }
        let fields = (number(0, 4), number(5, 2), number(8, 2), number(11, 2), number(14, 2), number(17, 2))
        guard (1...12).contains(fields.1), (1...31).contains(fields.2), fields.3 < 24, fields.4 < 60, fields.5 < 61
        else { return nil }
        return fields
    }

    private static func offset(_ bytes: ArraySlice<UInt8>) -> Int64? {
        if Array(bytes) == [UInt8(ascii: "Z")] { return 0 }
        let zone = Array(bytes)
        guard zone.count == 6, zone[0] == 0x2B || zone[0] == 0x2D, zone[3] == 0x3A,
            let hours = digits(zone[1...2]), let minutes = digits(zone[4...5]), hours < 24, minutes < 60
        else { return nil }
        return (zone[0] == 0x2D ? -1 : 1) * (hours * 60 + minutes)
    }

    private static func digits(_ bytes: ArraySlice<UInt8>) -> Int64? {
        var value: Int64 = 0
        for byte in bytes {
            guard let digit = digit(byte) else { return nil }
            value = value * 10 + digit
        }
        return value
    }

    private static func digit(_ byte: UInt8) -> Int64? {
        (0x30...0x39).contains(byte) ? Int64(byte - 0x30) : nil
    }
}
