import Foundation

/// Collapses runs of repeated lines, as AIOpsLab's log compression does for logs and events.
///
/// Two lines are the same when they are identical, or identical once timestamps (ISO 8601, `2006/01/02 15:04:05`,
/// klog's `I0102 15:04:05.000000`, bare clock times) and kubectl ages (`5m`, `3m12s`, `(x4 over 10m)`) are masked
/// and column padding is ignored.
/// A run of N ≥ 2 such lines keeps its first line, followed by `… (repeated N times)`.
public enum LogLineCollapser {
    /// Collapses `lines`.
    public static func collapse(_ lines: [Substring]) -> [String] {
        var result: [String] = []
        var index = 0
        while index < lines.count {
            let key = mask(lines[index])
            var end = index + 1
            while end < lines.count, lines[end] == lines[index] || mask(lines[end]) == key { end += 1 }
            result.append(String(lines[index]))
            if end - index >= 2 { result.append("… (repeated \(end - index) times)") }
            index = end
        }
        return result
    }

    /// The line with timestamps and ages replaced by `#`, and runs of blanks (column padding) folded to one space.
    public static func mask(_ line: Substring) -> String {
        let chars = Array(line)
        var out = ""
        out.reserveCapacity(chars.count)
        var i = 0
        while i < chars.count {
            let atBoundary = i == 0 || !(chars[i - 1].isLetter || chars[i - 1].isNumber)
            if atBoundary, let length = timestampLength(chars, i) ?? ageLength(chars, i) {
                out.append("#")
                i += length
                continue
            }
            if chars[i] == " " || chars[i] == "\t" {
                if out.last != " " { out.append(" ") }
            } else {
                out.append(chars[i])
            }
            i += 1
        }
        return out
    }

    private static func digits(_ c: [Character], _ i: Int, _ n: Int) -> Bool {
        guard i + n <= c.count else { return false }
        return c[i..<i + n].allSatisfy(\.isWholeNumber)
    }

    /// Length of a date, date-time, klog header or clock time starting at `i`.
    private static func timestampLength(_ c: [Character], _ i: Int) -> Int? {
        var j = i
        if "IWEF".contains(c[i]), i == 0, digits(c, i + 1, 4), i + 5 < c.count, c[i + 5] == " " {
            j = i + 6
            return clockLength(c, j).map { j - i + $0 }
        }
        if digits(c, i, 4), i + 4 < c.count, c[i + 4] == "-" || c[i + 4] == "/", digits(c, i + 5, 2),
            i + 7 < c.count, c[i + 7] == c[i + 4], digits(c, i + 8, 2)
        {
            j = i + 10
            if j < c.count, c[j] == "T" || c[j] == " ", let clock = clockLength(c, j + 1) {
                j += 1 + clock
            }
            return j - i
        }
        return clockLength(c, i)
    }

    /// Length of `hh:mm:ss[.frac][Z|±hh:mm]` starting at `i`.
    private static func clockLength(_ c: [Character], _ i: Int) -> Int? {
        guard digits(c, i, 2), i + 2 < c.count, c[i + 2] == ":", digits(c, i + 3, 2), i + 5 < c.count,
            c[i + 5] == ":", digits(c, i + 6, 2)
        else { return nil }
        var j = i + 8
        if j < c.count, c[j] == "." || c[j] == ",", j + 1 < c.count, c[j + 1].isWholeNumber {
            j += 1
            while j < c.count, c[j].isWholeNumber { j += 1 }
        }
        if j < c.count, c[j] == "Z" {
            j += 1
        } else if j < c.count, c[j] == "+" || c[j] == "-", digits(c, j + 1, 2) {
            j += 3
            if j < c.count, c[j] == ":" { j += 1 }
            if digits(c, j, 2) { j += 2 }
        }
        return j - i
    }

    /// Length of a kubectl age (`5m`, `3m12s`, `2d4h`) or an event count (`(x4 over 10m)`) starting at `i`.
    private static func ageLength(_ c: [Character], _ i: Int) -> Int? {
        if c[i] == "(", i + 2 < c.count, c[i + 1] == "x", c[i + 2].isWholeNumber,
            let close = c[i...].firstIndex(of: ")"), String(c[i..<close]).contains(" over ")
        {
            return close - i + 1
        }
        var j = i
        var units = 0
        while j < c.count, c[j].isWholeNumber {
            var k = j
            while k < c.count, c[k].isWholeNumber { k += 1 }
            guard k < c.count, "smhdy".contains(c[k]) else { break }
            if k + 1 < c.count, c[k] == "m", c[k + 1] == "s" { break }
            j = k + 1
            units += 1
        }
        guard units > 0 else { return nil }
        if j < c.count, c[j].isLetter || c[j].isNumber { return nil }
        return j - i
    }
}
