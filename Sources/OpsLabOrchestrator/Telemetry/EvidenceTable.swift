import Foundation

/// A table read back from the text that `read_traces` and `read_metrics` return (``DataFrameText``'s
/// rendering), so a check can ask for rows by column instead of grepping text.
///
/// ``DataFrameText`` right-aligns every column, header included, to its widest cell and puts one space between
/// columns. The header's names therefore end where their columns end, and a column runs from two characters
/// after the previous column's end to its own end. Cutting each row at those positions keeps cells with spaces
/// intact (`GET /hotels`), which splitting on whitespace would not.
public struct EvidenceTable: Sendable, Equatable {
    /// The column names, in order.
    public var header: [String]
    /// The rows, each with one trimmed cell per column.
    public var rows: [[String]]
    /// How many rows the text said it left out (`[N more rows not shown; …]`), else 0.
    public var omittedRows: Int

    /// Creates a table.
    public init(header: [String], rows: [[String]], omittedRows: Int = 0) {
        self.header = header
        self.rows = rows
        self.omittedRows = omittedRows
    }

    /// Reads a rendered table; `nil` when `text` is not one (an error message, an empty answer).
    ///
    /// A header is accepted only if its names are separated by single spaces, as ``DataFrameText`` writes them.
    public static func parse(_ text: String) -> EvidenceTable? {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true).map { Array($0) }
        guard let headerLine = lines.first else { return nil }
        lines.removeFirst()
        var omitted = 0
        if let last = lines.last, let count = omittedCount(String(last)) {
            omitted = count
            lines.removeLast()
        }
        var names: [String] = []
        var ends: [Int] = []
        var index = 0
        while index < headerLine.count {
            if headerLine[index] == " " {
                index += 1
                continue
            }
            var end = index
            while end + 1 < headerLine.count, headerLine[end + 1] != " " { end += 1 }
            names.append(String(headerLine[index...end]))
            ends.append(end)
            index = end + 1
        }
        guard !names.isEmpty, names.allSatisfy({ !$0.contains("[") && !$0.contains(":") }) else { return nil }
        var rows: [[String]] = []
        for line in lines {
            var row: [String] = []
            var start = 0
            for end in ends {
                let upper = min(end, line.count - 1)
                let cell = start <= upper ? String(line[start...upper]) : ""
                row.append(cell.trimmingCharacters(in: .whitespaces))
                start = end + 2
            }
            rows.append(row)
        }
        return EvidenceTable(header: names, rows: rows, omittedRows: omitted)
    }

    /// The rows as dictionaries keyed by column name.
    public var records: [[String: String]] {
        rows.map { row in
            var record: [String: String] = [:]
            for (name, cell) in zip(header, row) { record[name] = cell }
            return record
        }
    }

    /// The rows whose cells equal every value in `match` (column name → value).
    public func records(matching match: [String: String]) -> [[String: String]] {
        records.filter { record in match.allSatisfy { record[$0.key] == $0.value } }
    }

    /// `N` of a `[N more rows not shown; …]` line.
    static func omittedCount(_ line: String) -> Int? {
        guard line.hasPrefix("["), let space = line.firstIndex(of: " "), line.contains("more rows not shown")
        else { return nil }
        return Int(line[line.index(after: line.startIndex)..<space])
    }
}
