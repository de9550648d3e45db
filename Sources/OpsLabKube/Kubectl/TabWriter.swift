/// Go's `text/tabwriter` (space padding, no flags) as kubectl's describe and custom-columns printers use it.
///
/// Text is split into lines and tab-terminated cells; a column block is a run of consecutive lines that all
/// have a cell in that column, and every cell of a block is padded to the block's widest cell plus `padding`
/// (at least `minWidth`). The last cell of a line is not part of any column and is never padded.
struct TabWriter {
    var minWidth: Int
    var padding: Int

    /// kubectl describe: minwidth 0, tabwidth 8, padding 2.
    static let describe = TabWriter(minWidth: 0, padding: 2)
    /// kubectl table printers: minwidth 6, tabwidth 4, padding 3.
    static let table = TabWriter(minWidth: 6, padding: 3)

    /// Aligns text whose cells are separated by tabs.
    func format(_ text: String) -> String {
        TableRenderer.layout(text: text, minWidth: minWidth, tabWidth: 8, padding: padding)
    }
}
