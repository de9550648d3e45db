import Foundation

/// Renders a ``CSVTable`` the way pandas' `DataFrame.to_string(index=False)` does, as AIOpsLab's
/// `read_metrics` and `read_traces` return files.
///
/// Columns are typed as pandas would infer them from CSV: all integers, all numbers (printed with the
/// same number of decimals, at most six), booleans (`True`/`False`), or text. Every column is right-aligned
/// to its widest cell, header included, and columns are separated by one space.
public enum DataFrameText {
    /// The table as text; `maxRows` caps the rows shown. The files are sorted by time, so the newest rows are
    /// kept and a last line tells how many earlier ones were left out.
    public static func render(_ table: CSVTable, maxRows: Int = 2_000) -> String {
        let shown = Array(table.rows.suffix(maxRows))
        var columns: [[String]] = []
        for index in table.header.indices {
            let cells = shown.map { index < $0.count ? $0[index] : "" }
            columns.append([table.header[index]] + format(cells))
        }
        let widths = columns.map { $0.map(\.count).max() ?? 0 }
        var lines: [String] = []
        for row in 0..<(shown.count + 1) {
            let cells = columns.indices.map { column -> String in
                let cell = columns[column][row]
                return String(repeating: " ", count: widths[column] - cell.count) + cell
            }
            lines.append(cells.joined(separator: " "))
        }
        if table.rows.count > shown.count {
            lines.append(
                "[\(table.rows.count - shown.count) more rows not shown (the earliest); filter the file with exec_shell]"
            )
        }
        return lines.joined(separator: "\n")
    }

    /// One column's cells formatted by the column's inferred type.
    static func format(_ cells: [String]) -> [String] {
        guard !cells.isEmpty else { return cells }
        if cells.allSatisfy({ Int($0) != nil }) { return cells.map { String(Int($0)!) } }
        if cells.allSatisfy({ $0 == "True" || $0 == "False" }) { return cells }
        let numbers = cells.map { $0.isEmpty ? Double.nan : Double($0) }
        guard numbers.allSatisfy({ $0 != nil }) else { return cells.map { $0.isEmpty ? "NaN" : $0 } }
        let decimals = min(6, max(1, cells.map(decimalCount).max() ?? 1))
        return numbers.map { value in
            guard let value, value.isFinite else {
                return value.map { $0.isNaN ? "NaN" : ($0 > 0 ? "inf" : "-inf") } ?? "NaN"
            }
            return String(format: "%.\(decimals)f", value)
        }
    }

    static func decimalCount(_ text: String) -> Int {
        guard let dot = text.firstIndex(of: "."), !text.contains("e"), !text.contains("E") else { return 0 }
        return text.distance(from: dot, to: text.endIndex) - 1
    }
}
