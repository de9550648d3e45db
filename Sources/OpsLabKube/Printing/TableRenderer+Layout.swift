extension TableRenderer {
    /// Aligns rows of cells with Go's `text/tabwriter` (space padding, no flags).
    ///
    /// Each row is one line; every cell but the last is tab-terminated, so the last cell of a row is never padded
    /// (pass `""` as the last cell to pad all real cells). A column block is a run of consecutive rows that have
    /// a cell in that column; each of its cells is padded to `max(minWidth, widest cell + padding)`. `tabWidth`
    /// only matters for tab padding and is accepted for parity with Go. Widths count Unicode scalars, as Go
    /// counts runes. Every row ends with a newline.
    ///
    /// kubectl get uses `minWidth: 6, tabWidth: 4, padding: 3`; describe uses `minWidth: 0, tabWidth: 8, padding: 2`.
    public static func layout(rows: [[String]], minWidth: Int, tabWidth: Int, padding: Int) -> String {
        var layout = ColumnLayout(lines: rows, minWidth: minWidth, padding: padding)
        var widths: [Int] = []
        layout.format(from: 0, to: rows.count, widths: &widths)
        return layout.output
    }

    /// Aligns tab-separated text (cells end with `\t`, lines with `\n`) like Go's `text/tabwriter`.
    ///
    /// Output ends with a newline exactly when the input does.
    public static func layout(text: String, minWidth: Int, tabWidth: Int, padding: Int) -> String {
        guard !text.isEmpty else { return "" }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let endsWithNewline = text.hasSuffix("\n")
        if endsWithNewline { lines.removeLast() }
        let rows = lines.map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        var result = layout(rows: rows, minWidth: minWidth, tabWidth: tabWidth, padding: padding)
        if !endsWithNewline { result.removeLast() }
        return result
    }
}

/// The recursive column-block algorithm of Go's `text/tabwriter`.
private struct ColumnLayout {
    let lines: [[String]]
    let widthsOfCells: [[Int]]
    let minWidth: Int
    let padding: Int
    var output = ""

    init(lines: [[String]], minWidth: Int, padding: Int) {
        self.lines = lines
        self.widthsOfCells = lines.map { $0.map(\.unicodeScalars.count) }
        self.minWidth = minWidth
        self.padding = padding
    }

    mutating func format(from start: Int, to end: Int, widths: inout [Int]) {
        var line0 = start
        let column = widths.count
        var this = start
        while this < end {
            if column >= lines[this].count - 1 {
                this += 1
                continue
            }
            write(from: line0, to: this, widths: widths)
            line0 = this
            var width = minWidth
            while this < end, column < lines[this].count - 1 {
                width = max(width, widthsOfCells[this][column] + padding)
                this += 1
            }
            widths.append(width)
            format(from: line0, to: this, widths: &widths)
            widths.removeLast()
            line0 = this
        }
        write(from: line0, to: end, widths: widths)
    }

    private mutating func write(from start: Int, to end: Int, widths: [Int]) {
        guard start < end else { return }
        for index in start..<end {
            let cells = lines[index]
            for (column, cell) in cells.enumerated() {
                output += cell
                if column < widths.count, column < cells.count - 1 {
                    output += String(repeating: " ", count: max(0, widths[column] - widthsOfCells[index][column]))
                }
            }
            output += "\n"
        }
    }
}
