import Foundation

/// Shared JSON coding settings: sorted keys for stable output, ISO 8601 dates, snake-free property names.
public enum JSON {
    /// An encoder with sorted keys and ISO 8601 dates with fractional seconds.
    public static func encoder(pretty: Bool = false) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting =
            pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(ISO8601.format(date))
        }
        return encoder
    }

    /// A decoder accepting the dates `encoder()` writes, with or without fractional seconds.
    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = ISO8601.parse(text) else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "expected an ISO 8601 date-time")
            }
            return date
        }
        return decoder
    }

    /// Encodes a value to bytes with the shared settings.
    ///
    /// A flat `[String: String]` with ASCII keys (a health answer, a small error) skips `JSONEncoder` and writes the
    /// same bytes directly; anything else goes through one shared encoder, whose settings never change after set-up.
    public static func encode<T: Encodable>(_ value: T, pretty: Bool = false) throws -> [UInt8] {
        if !pretty, T.self == [String: String].self, let object = value as? [String: String],
            let bytes = compactObject(object)
        {
            return bytes
        }
        return Array(try (pretty ? encoder(pretty: true) : compactEncoder).encode(value))
    }

    /// The encoder behind `encode(_:)`: `JSONEncoder` is thread-safe, so one instance serves every thread.
    private static let compactEncoder = encoder()
}
