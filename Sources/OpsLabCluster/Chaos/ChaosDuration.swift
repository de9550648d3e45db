import Foundation

/// Go's `time.ParseDuration` for Chaos Mesh's `duration` fields: `"30s"`, `"300ms"`, `"2h45m"`, `"1.5h"`.
///
/// Units are `ns`, `us` (also `µs`, `μs`), `ms`, `s`, `m` and `h`; a leading sign is allowed; `"0"` alone means zero.
public enum ChaosDuration {
    /// The duration in seconds.
    /// - Throws: ``ChaosError`` `invalidDuration` with Go's message (`time: invalid duration "10"`).
    public static func parse(_ text: String) throws(ChaosError) -> TimeInterval {
        let invalid = ChaosError(.invalidDuration, "time: invalid duration \"\(text)\"")
        var rest = Substring(text)
        var sign = 1.0
        if let first = rest.first, first == "-" || first == "+" {
            sign = first == "-" ? -1 : 1
            rest = rest.dropFirst()
        }
        if rest == "0" { return 0 }
        guard !rest.isEmpty else { throw invalid }
        var total = 0.0
        while !rest.isEmpty {
            let number = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            guard !number.isEmpty, number != ".", number.filter({ $0 == "." }).count <= 1,
                let value = Double(number.hasPrefix(".") ? "0" + number : number)
            else { throw invalid }
            rest = rest.dropFirst(number.count)
            let unit = rest.prefix { !($0.isASCII && ($0.isNumber || $0 == ".")) }
            guard let scale = units[String(unit)] else {
                if unit.isEmpty { throw ChaosError(.invalidDuration, "time: missing unit in duration \"\(text)\"") }
                throw ChaosError(.invalidDuration, "time: unknown unit \"\(unit)\" in duration \"\(text)\"")
            }
            rest = rest.dropFirst(unit.count)
            total += value * scale
        }
        return sign * total
    }

    private static let units: [String: Double] = [
        "ns": 1e-9, "us": 1e-6, "µs": 1e-6, "μs": 1e-6, "ms": 1e-3, "s": 1, "m": 60, "h": 3600,
    ]
}
