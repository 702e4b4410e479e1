import Foundation
import KeysweepCore

/// The JSON document `{"version": 1, "findings": [...], "stats": {...}}`: stable keys, sorted,
/// ISO-8601 dates.
public enum JSONReport {
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }

    public static func render(_ report: ScanReport) -> String {
        let data = (try? encoder().encode(report)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
