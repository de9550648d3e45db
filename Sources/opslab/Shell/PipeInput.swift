import Foundation
import OpsLabOrchestrator
import Synchronization

/// Plain line input for `opslab shell` when standard input is not a terminal (a pipe or a file), so sessions can
/// be scripted: a reader thread queues lines; each read prints the prompt and echoes the line it consumed, so the
/// transcript on stdout reads like a terminal session.
final class PipeInput: InteractiveInput {
    private struct State {
        var lines: [String] = []
        var ended = false
        var waiter: CheckedContinuation<String?, Never>?
    }

    private let state = Mutex(State())
    private let output: any InteractiveOutput

    /// Starts reading standard input on a thread of its own (it never blocks the concurrency pool).
    init(output: any InteractiveOutput) {
        self.output = output
        let thread = Thread { [self] in
            while let line = Swift.readLine(strippingNewline: true) { deliver(line) }
            deliver(nil)
        }
        thread.start()
    }

    func readLine(
        prompt: String, completer: @escaping @Sendable (String) -> InteractiveCompletion
    ) async -> InteractiveInputEvent {
        output.write(prompt)
        let line = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<String?, Never>) in
                let ready: String?? = state.withLock { state in
                    if !state.lines.isEmpty { return .some(state.lines.removeFirst()) }
                    if state.ended || Task.isCancelled { return .some(nil) }
                    state.waiter = continuation
                    return .none
                }
                if let ready { continuation.resume(returning: ready) }
            }
        } onCancel: {
            state.withLock { state in
                let waiter = state.waiter
                state.waiter = nil
                return waiter
            }?.resume(returning: nil)
        }
        guard let line else {
            output.write("\n")
            return .end
        }
        output.write(line + "\n")
        return .line(line)
    }

    private func deliver(_ line: String?) {
        let waiter: CheckedContinuation<String?, Never>? = state.withLock { state in
            if line == nil { state.ended = true }
            if let waiter = state.waiter {
                state.waiter = nil
                return waiter
            }
            if let line { state.lines.append(line) }
            return nil
        }
        waiter?.resume(returning: line)
    }
}
