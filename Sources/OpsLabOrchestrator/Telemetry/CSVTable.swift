import Foundation

/// A small CSV table: a header and rows of text fields (RFC 4180 quoting).
public struct CSVTable: Sendable, Equatable {
    /// The column names.
    public var header: [String]
    /// The rows, each with one field per column.
    public var rows: [[String]]

    /// Creates a table.
    public init(header: [String], rows: [[String]] = []) {
        self.header = header
        self.rows = rows
    }

    /// The table as CSV text: a header line then one line per row, fields quoted only when needed.
    public var csvText: String {
        ([header] + rows).map { $0.map(Self.quote).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    /// Parses CSV text whose first record is the header.
    ///
    /// - Throws: ``CSVTableError`` for an unterminated quote or a row with a different number of fields.
    public static func parse(_ text: String) throws(CSVTableError) -> CSVTable {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var line = 1
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            index = text.index(after: index)
            if quoted {
                if character == "\"" {
                    if index < text.endIndex, text[index] == "\"" {
                        field.append("\"")
                        index = text.index(after: index)
                    } else {
                        quoted = false
                    }
                } else {
                    if character == "\n" { line += 1 }
                    field.append(character)
                }
                continue
            }
            switch character {
            case "\"" where field.isEmpty: quoted = true
            case ",":
                record.append(field)
                field = ""
            case "\n", "\r\n":
                record.append(field)
                records.append(record)
                record = []
                field = ""
                line += 1
            case "\r": continue
            default: field.append(character)
            }
        }
        if quoted { throw CSVTableError(message: "unterminated quoted field at line \(line)") }
        if !field.isEmpty || !record.isEmpty {
            record.append(field)
            records.append(record)
        }
        guard let header = records.first else { throw CSVTableError(message: "the file is empty") }
        for (offset, row) in records.dropFirst().enumerated() where row.count != header.count {
            throw CSVTableError(
                message: "line \(offset + 2) has \(row.count) fields, the header has \(header.count)")
        }
        return CSVTable(header: header, rows: Array(records.dropFirst()))
    }

    static func quote(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// A CSV file that could not be parsed.
public struct CSVTableError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What was wrong, for humans.
    public var message: String
    /// The message.
    public var description: String { message }
}
