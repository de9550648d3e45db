/// Number formatting the way Go prints it, so numbers in tables, YAML and JSON match kubectl byte for byte.
enum GoNumberFormat {
    /// The shortest decimal digits of `value` and the position of the decimal point (`0.0123` → `"123"`, -1).
    static func shortestDigits(_ value: Double) -> (digits: String, pointPosition: Int) {
        var text = "\(abs(value))"
        var exponent = 0
        if let marker = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: marker)...]) ?? 0
            text = String(text[..<marker])
        }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let integer = String(parts[0])
        let fraction = parts.count > 1 ? String(parts[1]) : ""
        var digits = integer + fraction
        var point = integer.count + exponent
        while digits.hasPrefix("0"), digits.count > 1 {
            digits.removeFirst()
            point -= 1
        }
        while digits.hasSuffix("0"), digits.count > 1 { digits.removeLast() }
        if digits == "0" { point = 1 }
        return (digits, point)
    }

    /// Go's `encoding/json` float64 output: plain decimals between 1e-6 and 1e21, `e` notation outside.
    static func json(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        let magnitude = abs(value)
        let (digits, point) = shortestDigits(value)
        let sign = value < 0 ? "-" : ""
        if digits == "0" { return "0" }
        if magnitude < 1e-6 || magnitude >= 1e21 {
            var text = scientific(digits, point - 1)
            // encoding/json cleans up e-09 to e-9.
            if let range = text.range(of: "e-0") { text.replaceSubrange(range, with: "e-") }
            return sign + text
        }
        return sign + fixed(digits, point)
    }

    /// A double as the YAML printer shows it after kubectl's JSON round trip: whole numbers as integers.
    static func yaml(_ value: Double) -> String {
        if value.isNaN { return ".nan" }
        if value.isInfinite { return value > 0 ? ".inf" : "-.inf" }
        if value == value.rounded(), abs(value) < 1e21 {
            let (digits, point) = shortestDigits(value)
            return (value < 0 ? "-" : "") + fixed(digits, point)
        }
        return g(value)
    }

    /// `strconv.FormatFloat(value, 'g', -1, 64)`, which is also what `fmt`'s `%v` prints for a float64.
    static func g(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        let (digits, point) = shortestDigits(value)
        let sign = value < 0 ? "-" : ""
        if digits == "0" { return sign + "0" }
        let exponent = point - 1
        // Shortest formatting decides between %e and %f with precision 6.
        if exponent < -4 || exponent >= 6 { return sign + scientific(digits, exponent) }
        return sign + fixed(digits, point)
    }

    private static func scientific(_ digits: String, _ exponent: Int) -> String {
        var mantissa = String(digits.prefix(1))
        if digits.count > 1 { mantissa += "." + digits.dropFirst() }
        let magnitude = abs(exponent)
        return mantissa + "e" + (exponent < 0 ? "-" : "+") + (magnitude < 10 ? "0" : "") + String(magnitude)
    }

    private static func fixed(_ digits: String, _ point: Int) -> String {
        if point <= 0 { return "0." + String(repeating: "0", count: -point) + digits }
        if point >= digits.count { return digits + String(repeating: "0", count: point - digits.count) }
        let index = digits.index(digits.startIndex, offsetBy: point)
        return digits[..<index] + "." + digits[index...]
    }
}
