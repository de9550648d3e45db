import Foundation

/// wrk's number formatting (its `units.c`): `9.69ms`, `1.20s`, `19.97M`, `2.00k`, and its column padding.
public enum WrkFormat {
    private struct Units {
        var scale: Double
        var base: String
        var units: [String]
    }

    private static let timeMicroseconds = Units(scale: 1000, base: "us", units: ["ms", "s"])
    private static let timeSeconds = Units(scale: 60, base: "s", units: ["m", "h"])
    private static let binary = Units(scale: 1024, base: "", units: ["K", "M", "G", "T", "P"])
    private static let metric = Units(scale: 1000, base: "", units: ["k", "M", "G", "T", "P"])

    private static func format(_ value: Double, _ units: Units, decimals: Int) -> String {
        var amount = value
        var unit = units.base
        var index = 0
        // wrk moves to the next unit from 85% of the scale, and never to the last listed unit.
        while index + 1 < units.units.count && amount >= units.scale * 0.85 {
            amount /= units.scale
            unit = units.units[index]
            index += 1
        }
        return fixed(amount, decimals: decimals) + unit
    }

    /// A latency given in microseconds: `850.00us`, `9.69ms`, `1.20s`, `2.50m`.
    public static func time(microseconds: Double) -> String {
        if microseconds >= 1_000_000 { return format(microseconds / 1_000_000, timeSeconds, decimals: 2) }
        return format(microseconds, timeMicroseconds, decimals: 2)
    }

    /// A byte count in binary units without the `B`: `512.00`, `19.97M`.
    public static func binary(_ bytes: Double) -> String {
        format(bytes, binary, decimals: 2)
    }

    /// A count in metric units: `2.00k`.
    public static func metric(_ value: Double) -> String {
        format(value, metric, decimals: 2)
    }

    /// `value` with exactly `decimals` digits after the point.
    public static func fixed(_ value: Double, decimals: Int) -> String {
        String(format: "%.\(decimals)f", value)
    }

    /// wrk's `print_units`: right-aligns `text` in `width` columns so that unit suffixes line up.
    public static func column(_ text: String, width: Int) -> String {
        let characters = Array(text)
        var pad = 2
        if let last = characters.last, last.isLetter { pad -= 1 }
        if characters.count >= 2, characters[characters.count - 2].isLetter { pad -= 1 }
        let field = width - pad
        let padded = characters.count >= field ? text : String(repeating: " ", count: field - characters.count) + text
        return padded + String(repeating: " ", count: pad)
    }
}
