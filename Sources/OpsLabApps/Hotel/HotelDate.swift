import Foundation

/// Calendar days as `YYYY-MM-DD` strings and day numbers (proleptic Gregorian, no time zones).
public enum HotelDate {
    /// The day number (days since 1970-01-01) of `YYYY-MM-DD`, or `nil` when malformed.
    public static func day(_ text: String) -> Int? {
        guard checkFormat(text) else { return nil }
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (1...12).contains(parts[1]), (1...31).contains(parts[2]) else { return nil }
        return daysFromCivil(year: parts[0], month: parts[1], day: parts[2])
    }

    /// `YYYY-MM-DD` of a day number.
    public static func string(_ day: Int) -> String {
        let z = day + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let dayOfMonth = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return String(format: "%04d-%02d-%02d", year, month, dayOfMonth)
    }

    /// The nights between two dates as `(night, next day)` pairs; empty when malformed or not increasing.
    /// At most 366 nights.
    public static func nights(from inDate: String, to outDate: String) -> [(String, String)] {
        guard let first = day(inDate), let last = day(outDate), first < last else { return [] }
        return (first..<min(last, first + 366)).map { (string($0), string($0 + 1)) }
    }

    /// The frontend's format check: ten characters, digits with `-` at positions 4 and 7.
    public static func checkFormat(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 10 else { return false }
        for (index, byte) in bytes.enumerated() {
            if index == 4 || index == 7 {
                if byte != UInt8(ascii: "-") { return false }
            } else if !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
                return false
            }
        }
        return true
    }

    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
