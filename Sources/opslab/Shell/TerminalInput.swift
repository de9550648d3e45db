import Foundation
import OpsLabOrchestrator
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Line input for `opslab shell` on a terminal: a small line editor over raw termios (cursor keys, history,
/// Ctrl-A/E/U/K/W, Tab completion of commands, problem ids and action names).
///
/// Raw mode is on only while a line is being edited, so Ctrl-C during a running step is a real SIGINT. Each read
/// runs on a thread of its own and polls, so a cancelled read returns promptly and never blocks the pool.
final class TerminalInput: InteractiveInput {
    private struct State {
        var history: [String] = []
        var leftover: [UInt8] = []
    }

    private let state = Mutex(State())

    /// Whether standard input and output are terminals.
    static var isAvailable: Bool { isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1 }

    func readLine(
        prompt: String, completer: @escaping @Sendable (String) -> InteractiveCompletion
    ) async -> InteractiveInputEvent {
        let cancelled = Flag()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<InteractiveInputEvent, Never>) in
                let thread = Thread { [self] in
                    continuation.resume(returning: edit(prompt: prompt, completer: completer, cancelled: cancelled))
                }
                thread.start()
            }
        } onCancel: {
            cancelled.set()
        }
    }

    private func edit(
        prompt: String, completer: (String) -> InteractiveCompletion, cancelled: Flag
    ) -> InteractiveInputEvent {
        var original = termios()
        guard tcgetattr(STDIN_FILENO, &original) == 0 else { return .end }
        var raw = original
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO | ISIG | IEXTEN)
        raw.c_iflag &= ~tcflag_t(IXON | ICRNL)
        withUnsafeMutableBytes(of: &raw.c_cc) { bytes in
            bytes[Int(VMIN)] = 1
            bytes[Int(VTIME)] = 0
        }
        tcsetattr(STDIN_FILENO, TCSANOW, &raw)
        defer { tcsetattr(STDIN_FILENO, TCSANOW, &original) }
        var (editor, pending) = state.withLock { state in
            let taken = state.leftover
            state.leftover = []
            return (LineEditor(history: state.history), taken)
        }
        show(editor.render(prompt: prompt))
        var buffer = [UInt8](repeating: 0, count: 256)
        var partial: [UInt8] = []
        while true {
            if pending.isEmpty {
                if cancelled.isSet { return .end }
                var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
                let ready = poll(&descriptor, 1, 100)
                if ready == 0 || (ready < 0 && errno == EINTR) { continue }
                let count = read(STDIN_FILENO, &buffer, buffer.count)
                if count <= 0 { return .end }
                pending = Array(buffer[0..<count])
            }
            let byte = pending.removeFirst()
            partial.append(byte)
            let (keys, rest) = LineEditorKey.decode(partial)
            partial = rest
            for key in keys {
                switch editor.handle(key, completer: completer) {
                case .editing:
                    show(editor.render(prompt: prompt))
                case .submitted(let line):
                    show("\n")
                    state.withLock {
                        $0.history = editor.history
                        $0.leftover = pending
                    }
                    return .line(line)
                case .interrupted:
                    show("^C\n")
                    return .interrupt
                case .endOfInput:
                    show("\n")
                    return .end
                case .candidates(let words):
                    show("\n" + Self.columns(words) + "\n" + editor.render(prompt: prompt))
                }
            }
        }
    }

    /// Candidates in columns that fit 100 characters.
    static func columns(_ words: [String]) -> String {
        let width = (words.map(\.count).max() ?? 0) + 2
        let perLine = max(1, 100 / width)
        return stride(from: 0, to: words.count, by: perLine).map { start in
            words[start..<min(words.count, start + perLine)].map {
                $0.padding(toLength: width, withPad: " ", startingAt: 0)
            }
            .joined().trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n")
    }

    private func show(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}

/// A one-way flag set from a cancellation handler and read by the editing thread.
private final class Flag: Sendable {
    private let value = Mutex(false)

    func set() { value.withLock { $0 = true } }

    var isSet: Bool { value.withLock { $0 } }
}
