import Foundation

/// The state of `opslab shell`'s line editor as a value: the buffer, the cursor, history and Tab completion.
///
/// The terminal front end feeds decoded keys to ``handle(_:completer:)`` and redraws with ``render(prompt:)``.
public struct LineEditor: Sendable, Hashable {
    /// What a key did.
    public enum Outcome: Sendable, Hashable {
        /// The line changed or the cursor moved; redraw.
        case editing
        /// Enter: the finished line.
        case submitted(String)
        /// Ctrl-C: the line was abandoned.
        case interrupted
        /// Ctrl-D on an empty line.
        case endOfInput
        /// A second Tab with several candidates: show them, then redraw.
        case candidates([String])
    }

    /// The characters of the line.
    public private(set) var buffer: [Character] = []
    /// The cursor, an offset into ``buffer``.
    public private(set) var cursor = 0
    /// Earlier lines, oldest first.
    public private(set) var history: [String]
    private var historyIndex: Int?
    private var lastKeyWasTab = false

    /// Creates an editor with an empty line.
    public init(history: [String] = []) {
        self.history = history
    }

    /// The line as text.
    public var line: String { String(buffer) }

    /// Applies one key. `completer` gets the text before the cursor.
    public mutating func handle(
        _ key: LineEditorKey, completer: (String) -> InteractiveCompletion
    ) -> Outcome {
        let wasTab = lastKeyWasTab
        lastKeyWasTab = false
        switch key {
        case .character(let character):
            buffer.insert(character, at: cursor)
            cursor += 1
        case .enter:
            let text = line
            if !text.trimmingCharacters(in: .whitespaces).isEmpty, history.last != text { history.append(text) }
            reset()
            return .submitted(text)
        case .backspace:
            if cursor > 0 {
                buffer.remove(at: cursor - 1)
                cursor -= 1
            }
        case .delete:
            if cursor < buffer.count { buffer.remove(at: cursor) }
        case .left: cursor = max(0, cursor - 1)
        case .right: cursor = min(buffer.count, cursor + 1)
        case .home: cursor = 0
        case .end: cursor = buffer.count
        case .up: recall(-1)
        case .down: recall(1)
        case .tab:
            lastKeyWasTab = true
            return complete(completer(String(buffer[..<cursor])), listing: wasTab)
        case .interrupt:
            reset()
            return .interrupted
        case .endOfInput:
            if buffer.isEmpty { return .endOfInput }
            if cursor < buffer.count { buffer.remove(at: cursor) }
        case .killToStart:
            buffer.removeSubrange(0..<cursor)
            cursor = 0
        case .killToEnd: buffer.removeSubrange(cursor...)
        case .deleteWord:
            var start = cursor
            while start > 0, buffer[start - 1].isWhitespace { start -= 1 }
            while start > 0, !buffer[start - 1].isWhitespace { start -= 1 }
            buffer.removeSubrange(start..<cursor)
            cursor = start
        case .redraw: break
        }
        return .editing
    }

    /// The bytes that redraw the line: carriage return, clear to end of line, prompt and buffer, then the cursor
    /// moved back to its place.
    public func render(prompt: String) -> String {
        let back = buffer.count - cursor
        return "\r\u{1B}[K" + prompt + line + (back > 0 ? "\u{1B}[\(back)D" : "")
    }

    private mutating func complete(_ completion: InteractiveCompletion, listing: Bool) -> Outcome {
        let start = min(completion.wordStart, cursor)
        let word = String(buffer[start..<cursor])
        guard !completion.candidates.isEmpty else { return .editing }
        if completion.candidates.count == 1, let only = completion.candidates.first {
            let insertion = only + (completion.appendsSpace ? " " : "")
            buffer.replaceSubrange(start..<cursor, with: Array(insertion))
            cursor = start + insertion.count
            return .editing
        }
        let prefix = completion.commonPrefix
        if prefix.count > word.count {
            buffer.replaceSubrange(start..<cursor, with: Array(prefix))
            cursor = start + prefix.count
            return .editing
        }
        lastKeyWasTab = true
        return listing ? .candidates(completion.candidates) : .editing
    }

    private mutating func recall(_ step: Int) {
        guard !history.isEmpty else { return }
        let next = (historyIndex ?? history.count) + step
        if next >= history.count {
            historyIndex = nil
            buffer = []
        } else {
            historyIndex = max(0, next)
            buffer = Array(history[historyIndex ?? 0])
        }
        cursor = buffer.count
    }

    private mutating func reset() {
        buffer = []
        cursor = 0
        historyIndex = nil
    }
}
