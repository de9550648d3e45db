/// Number formatting as Prometheus prints sample values and timestamps.
public enum SampleValueFormat {
    /// A value as Go's `strconv.FormatFloat(v, 'f', -1, 64)` prints it, with `NaN`, `+Inf` and `-Inf`:
    /// the shortest digits that round-trip, never an exponent (`1e-05` prints as `0.00001`, `2.0` as `2`).
    public static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Inf" : "+Inf" }
        if value == value.rounded(.towardZero) && abs(value) < 1e15 {
            let integer = Int64(value)
            return integer == 0 && value.sign == .minus ? "-0" : String(integer)
        }
        var text = "\(value)"
        var sign = ""
        if text.hasPrefix("-") {
            sign = "-"
            text.removeFirst()
        }
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: e)...]) ?? 0
            text = String(text[..<e])
        }
        let dot = text.firstIndex(of: ".")
        let integerDigits = dot.map { text.distance(from: text.startIndex, to: $0) } ?? text.count
        var digits = String(text.filter { $0 != "." })
        let pointPosition = integerDigits + exponent
        var result: String
        if pointPosition <= 0 {
            result = "0." + String(repeating: "0", count: -pointPosition) + digits
        } else if pointPosition >= digits.count {
            digits += String(repeating: "0", count: pointPosition - digits.count)
            result = digits
        } else {
            let index = digits.index(digits.startIndex, offsetBy: pointPosition)
            result = String(digits[..<index]) + "." + String(digits[index...])
        }
        if result.contains(".") {
            while result.hasSuffix("0") { result.removeLast() }
            if result.hasSuffix(".") { result.removeLast() }
        }
        while result.count > 1 && result.hasPrefix("0") && !result.hasPrefix("0.") { result.removeFirst() }
        return sign + result
    }

    /// A millisecond timestamp as Prometheus's API prints it: seconds and, unless whole, a three-digit
    /// millisecond fraction (`1700000000.123`, `1700000000.050`, `1700000000`), as its `MarshalTimestamp` does.
    public static func formatTimestamp(milliseconds: Int64) -> String {
        var ms = milliseconds
        var out = ""
        if ms < 0 {
            out = "-"
            ms = -ms
        }
        out += String(ms / 1000)
        let fraction = ms % 1000
        if fraction != 0 {
            out += "."
            if fraction < 100 { out += "0" }
            if fraction < 10 { out += "0" }
            out += String(fraction)
        }
        return out
    }
}
