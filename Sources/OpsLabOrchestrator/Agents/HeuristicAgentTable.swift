import Foundation

/// A `kubectl get` table read by column positions (values such as `2 (10s ago)` hold spaces).
public struct HeuristicAgentTable: Sendable, Hashable {
    /// The header names, as printed (`LAST SEEN` stays one name: columns are split on two or more spaces).
    public var columns: [String]
    /// The rows, column name → trimmed value.
    public var rows: [[String: String]]

    /// Parses the first line that starts with `NAME`, `NAMESPACE` or `LAST SEEN` as the header.
    public init(_ text: String) {
        let lines = text.components(separatedBy: "\n")
        guard
            let headerIndex = lines.firstIndex(where: { line in
                ["NAME ", "NAMESPACE ", "LAST SEEN "].contains { line.hasPrefix($0) }
            })
        else {
            columns = []
            rows = []
            return
        }
        let header = Array(lines[headerIndex])
        var starts: [Int] = []
        var names: [String] = []
        var index = 0
        while index < header.count {
            guard header[index] != " " else {
                index += 1
                continue
            }
            let start = index
            while index < header.count {
                if header[index] == " " && (index + 1 >= header.count || header[index + 1] == " ") { break }
                index += 1
            }
            starts.append(start)
            names.append(String(header[start..<index]))
        }
        columns = names
        rows = lines[(headerIndex + 1)...].compactMap { line -> [String: String]? in
            let chars = Array(line)
            guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
            var row: [String: String] = [:]
            for (position, name) in names.enumerated() {
                let start = starts[position]
                guard start < chars.count else { continue }
                let end = position + 1 < starts.count ? min(starts[position + 1], chars.count) : chars.count
                row[name] = String(chars[start..<end]).trimmingCharacters(in: .whitespaces)
            }
            return row
        }
    }
}
