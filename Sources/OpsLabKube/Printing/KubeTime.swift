import Foundation

/// Timestamp formats of the Kubernetes API (`metav1.Time`) and of `kubectl describe`.
///
/// Everything is computed by hand in UTC (proleptic Gregorian calendar), so the output never depends on the
/// host's locale or time zone.
public enum KubeTime {
    /// RFC 3339 in UTC without fractional seconds, e.g. `2026-01-02T15:04:05Z` (how `metav1.Time` serializes).
    public static func rfc3339(_ date: Date) -> String {
        let parts = Civil(date)
        return "\(pad(parts.year, 4))-\(pad(parts.month))-\(pad(parts.day))T"
            + "\(pad(parts.hour)):\(pad(parts.minute)):\(pad(parts.second))Z"
    }

    /// RFC 3339 in UTC with microseconds, e.g. `2026-01-02T15:04:05.123456Z` (how `metav1.MicroTime` serializes).
    public static func rfc3339Micro(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970
        let micros = Int64((seconds - seconds.rounded(.down)) * 1_000_000)
        let base = rfc3339(date)
        return String(base.dropLast()) + "." + pad(Int(micros), 6) + "Z"
    }

    /// RFC 1123 with a numeric zone, e.g. `Mon, 02 Jan 2006 15:04:05 +0000` (describe's `Start Time`).
    ///
    /// `utcOffsetSeconds` shifts the wall clock and the printed zone; the default is UTC.
    public static func rfc1123z(_ date: Date, utcOffsetSeconds: Int = 0) -> String {
        let parts = Civil(date.addingTimeInterval(TimeInterval(utcOffsetSeconds)))
        let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let sign = utcOffsetSeconds < 0 ? "-" : "+"
        let offset = abs(utcOffsetSeconds) / 60
        return "\(weekdays[parts.weekday]), \(pad(parts.day)) \(months[parts.month - 1]) \(pad(parts.year, 4)) "
            + "\(pad(parts.hour)):\(pad(parts.minute)):\(pad(parts.second)) "
            + "\(sign)\(pad(offset / 60))\(pad(offset % 60))"
    }

    /// Parses RFC 3339 (`2026-01-02T15:04:05Z`, with optional fractional seconds and a `±hh:mm` offset).
    ///
    /// Returns `nil` for anything else, including the empty string.
    public static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        var index = 0
        func number(_ count: Int) -> Int? {
            guard index + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[index..<(index + count)] {
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            index += count
            return value
        }
        func expect(_ characters: String) -> Bool {
            guard index < bytes.count, characters.utf8.contains(bytes[index]) else { return false }
            index += 1
            return true
        }
        guard let year = number(4), expect("-"), let month = number(2), expect("-"), let day = number(2),
            expect("Tt "), let hour = number(2), expect(":"), let minute = number(2), expect(":"),
            let second = number(2), (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60,
            second < 61
        else { return nil }
        var fraction = 0.0
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            var scale = 0.1
            let start = index
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
                fraction += Double(bytes[index] - 48) * scale
                scale /= 10
                index += 1
            }
            if index == start { return nil }
        }
        var offset = 0
        if expect("Zz") {
            offset = 0
        } else if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
            let negative = bytes[index] == UInt8(ascii: "-")
            index += 1
            guard let hours = number(2), expect(":"), let minutes = number(2) else { return nil }
            offset = (hours * 60 + minutes) * 60 * (negative ? -1 : 1)
        } else {
            return nil
        }
        guard index == bytes.count else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = Double(days * 86_400 + hour * 3_600 + minute * 60 + second - offset) + fraction
        return Date(timeIntervalSince1970: seconds)
    }

    /// Calendar fields of a date in UTC.
    struct Civil {
        var year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, weekday: Int

        init(_ date: Date) {
            let total = Int(date.timeIntervalSince1970.rounded(.down))
            var days = total / 86_400
            var rest = total % 86_400
            if rest < 0 {
                rest += 86_400
                days -= 1
            }
            hour = rest / 3_600
            minute = rest % 3_600 / 60
            second = rest % 60
            weekday = ((days % 7) + 7 + 4) % 7
            // Howard Hinnant's civil_from_days.
            let shifted = days + 719_468
            let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
            let dayOfEra = shifted - era * 146_097
            let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
            let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
            let monthPrime = (5 * dayOfYear + 2) / 153
            day = dayOfYear - (153 * monthPrime + 2) / 5 + 1
            month = monthPrime < 10 ? monthPrime + 3 : monthPrime - 9
            year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        }
    }

    /// Days since 1970-01-01 of a Gregorian date (Howard Hinnant's days_from_civil).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let adjustedYear = month <= 2 ? year - 1 : year
        let era = (adjustedYear >= 0 ? adjustedYear : adjustedYear - 399) / 400
        let yearOfEra = adjustedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private static func pad(_ value: Int, _ width: Int = 2) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
