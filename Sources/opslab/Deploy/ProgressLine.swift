import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A live status line on stderr: redrawn in place on a terminal, printed only when it changes otherwise.
final class ProgressLine: @unchecked Sendable {
    private let lock = NSLock()
    private let isTerminal = isatty(STDERR_FILENO) == 1
    private var last = ""

    /// Shows `text` (no newline needed).
    func show(_ text: String) {
        lock.lock()
        defer { lock.unlock() }
        guard text != last else { return }
        last = text
        if isTerminal {
            printError("\r\u{1B}[K" + text, newline: false)
        } else {
            printError(text)
        }
    }

    /// Ends the line on a terminal so later output starts on a fresh line.
    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if isTerminal, !last.isEmpty { printError("") }
        last = ""
    }

    private func printError(_ text: String, newline: Bool = true) {
        FileHandle.standardError.write(Data((text + (newline ? "\n" : "")).utf8))
    }
}
