/// Prometheus durations such as `30s`, `5m`, `1h30m`, `100ms`, `2d`, `1w`, `1y`.
public enum PromQLDuration {
    /// Milliseconds of a duration string, or `nil` when it is not one (units must decrease, each once).
    public static func parse(_ text: String) -> Int64? {
        let units: [(String, Int64)] = [
            ("y", 365 * 86_400_000), ("w", 7 * 86_400_000), ("d", 86_400_000), ("h", 3_600_000), ("m", 60_000),
            ("s", 1000), ("ms", 1),
        ]
        var rest = Substring(text)
        var total: Int64 = 0
        var lastUnitIndex = -1
        guard !rest.isEmpty else { return nil }
        while !rest.isEmpty {
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, let amount = Int64(digits) else { return nil }
            rest = rest.dropFirst(digits.count)
            let unitText = rest.prefix { $0.isASCII && $0.isLetter }
            guard let index = units.firstIndex(where: { $0.0 == unitText }), index > lastUnitIndex else { return nil }
            lastUnitIndex = index
            rest = rest.dropFirst(unitText.count)
            let (product, overflow) = amount.multipliedReportingOverflow(by: units[index].1)
            guard !overflow else { return nil }
            total += product
        }
        return total
    }

    /// A duration as Prometheus prints it, e.g. `1h30m`, `5s`, `0s`.
    public static func format(milliseconds: Int64) -> String {
        guard milliseconds != 0 else { return "0s" }
        var rest = milliseconds
        var out = rest < 0 ? "-" : ""
        rest = abs(rest)
        for (unit, size) in [
            ("y", Int64(365 * 86_400_000)), ("w", 7 * 86_400_000), ("d", 86_400_000),
            ("h", 3_600_000), ("m", 60_000), ("s", 1000), ("ms", 1),
        ] where rest >= size {
            out += "\(rest / size)\(unit)"
            rest %= size
        }
        return out
    }
}
