import OpsLabCore

/// Client-side rendering of a `meta.k8s.io/v1` Table as `kubectl get` prints it.
///
/// Headers are upper-cased column names; priority > 0 columns show only when `wide`; cells are laid out with
/// Go's tabwriter (minwidth 6, tabwidth 4, padding 3) and the last column carries no trailing padding.
public struct TableRenderer: Sendable, Hashable {
    /// `-o wide`: also show priority > 0 columns.
    public var wide: Bool
    /// `--no-headers`.
    public var noHeaders: Bool
    /// `-A`: prepend a NAMESPACE column read from each row's `object.metadata.namespace`.
    public var showNamespace: Bool
    /// `--show-labels`: append a LABELS column (`k=v,…` sorted, or `<none>`).
    public var showLabels: Bool
    /// `-L key`: one extra column per key, headed by the key's last `/` segment upper-cased.
    public var labelColumns: [String]
    /// When several kinds are printed: NAME cells become `<kindPrefix>/<name>`, e.g. `deployment.apps/geo`.
    public var kindPrefix: String?

    /// Creates a renderer; the defaults print like a plain `kubectl get`.
    public init(
        wide: Bool = false, noHeaders: Bool = false, showNamespace: Bool = false, showLabels: Bool = false,
        labelColumns: [String] = [], kindPrefix: String? = nil
    ) {
        self.wide = wide
        self.noHeaders = noHeaders
        self.showNamespace = showNamespace
        self.showLabels = showLabels
        self.labelColumns = labelColumns
        self.kindPrefix = kindPrefix
    }

    /// The text kubectl prints for the table, ending with a newline; `""` when the table has no rows.
    public func render(_ table: JSONValue) -> String {
        let lines = self.lines(table)
        guard lines.count > (noHeaders ? 0 : 1) else { return "" }
        return Self.layout(rows: lines, minWidth: 6, tabWidth: 4, padding: 3)
    }

    /// The header (unless `noHeaders`) and row cells as text, before alignment.
    public func lines(_ table: JSONValue) -> [[String]] {
        let columns = table["columnDefinitions"]?.arrayValue ?? []
        let visible = columns.indices.filter { wide || (columns[$0]["priority"]?.intValue ?? 0) == 0 }
        let nameColumn = columns.firstIndex { $0["format"]?.stringValue == "name" }
        let rows = table["rows"]?.arrayValue ?? []
        guard !rows.isEmpty else { return [] }
        var lines: [[String]] = []
        if !noHeaders {
            var header = visible.map { (columns[$0]["name"]?.stringValue ?? "").uppercased() }
            if showNamespace { header.insert("NAMESPACE", at: 0) }
            header += labelColumns.map { key in
                (key.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? key).uppercased()
            }
            if showLabels { header.append("LABELS") }
            lines.append(header)
        }
        for row in rows {
            let cells = row["cells"]?.arrayValue ?? []
            let metadata = row[path: ["object", "metadata"]]
            let labels = JSONValue.stringMap(metadata?["labels"])
            var line: [String] = visible.map { index in
                guard cells.indices.contains(index) else { return "" }
                var text = Self.cellText(cells[index])
                if index == nameColumn, let kindPrefix, case .string = cells[index] { text = "\(kindPrefix)/\(text)" }
                return text
            }
            if showNamespace { line.insert(metadata?["namespace"]?.stringValue ?? "", at: 0) }
            line += labelColumns.map { labels[$0] ?? "" }
            if showLabels { line.append(TableGenerator.formatLabels(labels)) }
            lines.append(line)
        }
        return lines
    }

    /// A cell as kubectl prints it: strings cut at the first line break (then `...`), numbers with Go's `%v`,
    /// null as empty.
    public static func cellText(_ cell: JSONValue) -> String {
        switch cell {
        case .null: return ""
        case .string(let text):
            if let cut = text.firstIndex(where: { $0 == "\n" || $0 == "\r" || $0 == "\u{0C}" || $0 == "\r\n" }) {
                return escapeControls(String(text[..<cut])) + "..."
            }
            return escapeControls(text)
        case .int(let number): return String(number)
        case .double(let number): return GoNumberFormat.g(number)
        case .bool(let flag): return flag ? "true" : "false"
        case .array, .object: return cell.jsonString()
        }
    }

    /// Replaces control characters (tabs would break the alignment) with Go-style escapes.
    static func escapeControls(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x09: result += "\\t"
            case 0..<0x20, 0x7F: result += "\\x" + (scalar.value < 16 ? "0" : "") + String(scalar.value, radix: 16)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
