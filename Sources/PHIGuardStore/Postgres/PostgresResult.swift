internal import CPostgres
import PHIGuardCore

/// Turns a libpq result (text format) into rows, choosing each column's `SQLValue` case by its type OID.
enum PostgresResult {
    private static let boolOID: UInt32 = 16
    private static let byteaOID: UInt32 = 17
    private static let integerOIDs: Set<UInt32> = [20, 21, 23, 26]
    private static let realOIDs: Set<UInt32> = [700, 701, 1700]

    /// Every row of `result`.
    static func rows(of result: OpaquePointer) throws -> [Row] {
        let fieldCount = PQnfields(result)
        let columns = (0..<fieldCount).map { String(cString: PQfname(result, $0)) }
        let types = (0..<fieldCount).map { PQftype(result, $0) }
        return try (0..<PQntuples(result)).map { row in
            let values = try (0..<fieldCount).map { field in
                try value(result, row: row, field: field, type: types[Int(field)])
            }
            return Row(columns: columns, values: values)
        }
    }

    private static func value(_ result: OpaquePointer, row: Int32, field: Int32, type: UInt32) throws -> SQLValue {
        guard PQgetisnull(result, row, field) == 0, let start = PQgetvalue(result, row, field) else { return .null }
        let length = Int(PQgetlength(result, row, field))
        let bytes = UnsafeRawBufferPointer(start: start, count: length)
        let text = String(decoding: bytes, as: UTF8.self)

        if type == boolOID { return .integer(text == "t" ? 1 : 0) }
        if type == byteaOID { return .blob(try decodeHex(bytes)) }
        if integerOIDs.contains(type) {
            guard let integer = Int64(text) else { throw decodeError("integer") }
            return .integer(integer)
        }
        if realOIDs.contains(type) {
            guard let real = Double(text) else { throw decodeError("number") }
            return .real(real)
        }
        return .text(text)
    }

    /// Decodes bytea's hex output format, `\x` followed by two hex digits per byte.
    static func decodeHex(_ text: UnsafeRawBufferPointer) throws -> [UInt8] {
        guard text.count >= 2, text[0] == UInt8(ascii: "\\"), text[1] == UInt8(ascii: "x"), text.count % 2 == 0 else {
            throw decodeError("bytea")
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity((text.count - 2) / 2)
        var index = 2
        while index < text.count {
            guard let high = nibble(text[index]), let low = nibble(text[index + 1]) else { throw decodeError("bytea") }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    private static func decodeError(_ type: String) -> PHIGuardError {
        PHIGuardError(.internalError, "PostgreSQL returned a \(type) value that could not be decoded")
    }
}
