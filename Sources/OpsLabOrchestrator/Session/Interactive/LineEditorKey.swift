import Foundation

/// A key press at `opslab shell`'s line editor, decoded from terminal bytes.
public enum LineEditorKey: Sendable, Hashable {
    /// A printable character.
    case character(Character)
    /// Enter (CR or LF).
    case enter
    /// Backspace (DEL or Ctrl-H).
    case backspace
    /// Delete under the cursor (`ESC [ 3 ~`).
    case delete
    /// Cursor left (arrow or Ctrl-B).
    case left
    /// Cursor right (arrow or Ctrl-F).
    case right
    /// Start of line (Home or Ctrl-A).
    case home
    /// End of line (End or Ctrl-E).
    case end
    /// Previous history entry (arrow up or Ctrl-P).
    case up
    /// Next history entry (arrow down or Ctrl-N).
    case down
    /// Tab: complete.
    case tab
    /// Ctrl-C.
    case interrupt
    /// Ctrl-D.
    case endOfInput
    /// Ctrl-U: delete to the start of the line.
    case killToStart
    /// Ctrl-K: delete to the end of the line.
    case killToEnd
    /// Ctrl-W: delete the word before the cursor.
    case deleteWord
    /// Ctrl-L: redraw.
    case redraw

    /// Decodes as many whole keys as `bytes` holds; returns them and the bytes of an unfinished sequence
    /// (an escape sequence or a UTF-8 character cut short), to be prefixed to the next read. Unknown escape
    /// sequences and control bytes are dropped.
    public static func decode(_ bytes: [UInt8]) -> (keys: [LineEditorKey], rest: [UInt8]) {
        var keys: [LineEditorKey] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case 0x1B:
                guard index + 1 < bytes.count else { return (keys, Array(bytes[index...])) }
                let kind = bytes[index + 1]
                guard kind == UInt8(ascii: "[") || kind == UInt8(ascii: "O") else {
                    index += 2
                    continue
                }
                var end = index + 2
                while end < bytes.count, !(0x40...0x7E).contains(bytes[end]) { end += 1 }
                guard end < bytes.count else { return (keys, Array(bytes[index...])) }
                let parameters = String(decoding: bytes[(index + 2)..<end], as: UTF8.self)
                switch (bytes[end], parameters) {
                case (UInt8(ascii: "A"), _): keys.append(.up)
                case (UInt8(ascii: "B"), _): keys.append(.down)
                case (UInt8(ascii: "C"), _): keys.append(.right)
                case (UInt8(ascii: "D"), _): keys.append(.left)
                case (UInt8(ascii: "H"), _), (UInt8(ascii: "~"), "1"), (UInt8(ascii: "~"), "7"): keys.append(.home)
                case (UInt8(ascii: "F"), _), (UInt8(ascii: "~"), "4"), (UInt8(ascii: "~"), "8"): keys.append(.end)
                case (UInt8(ascii: "~"), "3"): keys.append(.delete)
                default: break
                }
                index = end + 1
            case 0x0D, 0x0A: keys.append(.enter); index += 1
            case 0x7F, 0x08: keys.append(.backspace); index += 1
            case 0x09: keys.append(.tab); index += 1
            case 0x03: keys.append(.interrupt); index += 1
            case 0x04: keys.append(.endOfInput); index += 1
            case 0x01: keys.append(.home); index += 1
            case 0x05: keys.append(.end); index += 1
            case 0x02: keys.append(.left); index += 1
            case 0x06: keys.append(.right); index += 1
            case 0x10: keys.append(.up); index += 1
            case 0x0E: keys.append(.down); index += 1
            case 0x15: keys.append(.killToStart); index += 1
            case 0x0B: keys.append(.killToEnd); index += 1
            case 0x17: keys.append(.deleteWord); index += 1
            case 0x0C: keys.append(.redraw); index += 1
            case 0x00..<0x20: index += 1
            default:
                let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1
                guard index + length <= bytes.count else { return (keys, Array(bytes[index...])) }
                let text = String(decoding: bytes[index..<(index + length)], as: UTF8.self)
                keys.append(contentsOf: text.map { LineEditorKey.character($0) })
                index += length
            }
        }
        return (keys, [])
    }
}
