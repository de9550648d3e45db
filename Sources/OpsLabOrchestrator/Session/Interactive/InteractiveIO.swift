import Foundation

/// What reading one line at `opslab shell` produced.
public enum InteractiveInputEvent: Sendable, Hashable {
    /// A finished line (without its newline).
    case line(String)
    /// Ctrl-C while editing: the line was abandoned.
    case interrupt
    /// Ctrl-D on an empty line, the end of piped input, or a cancelled read.
    case end
}

/// Where `opslab shell` reads lines: a terminal line editor with completion, or plain piped lines.
public protocol InteractiveInput: Sendable {
    /// Shows `prompt` and reads one line; `completer` gets the text before the cursor when Tab is pressed.
    /// Must not block a cooperative thread, and returns ``InteractiveInputEvent/end`` when the task is cancelled.
    func readLine(
        prompt: String, completer: @escaping @Sendable (String) -> InteractiveCompletion
    ) async -> InteractiveInputEvent
}

/// Where `opslab shell` writes what the user reads (observations, summaries, errors).
public protocol InteractiveOutput: Sendable {
    /// Writes `text` as is (the caller adds newlines).
    func write(_ text: String)
}
