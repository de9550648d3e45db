import NIOCore

/// The accept loop every OpsLab server runs over a SwiftNIO listener.
///
/// It runs in a task of its own, so the caller's cancellation does not end it early: it must take every
/// connection the listener already accepted (NIO traps on a connection dropped unserved). Cancelling the caller
/// closes the listener; the loop then drains what was accepted, and the connections being served are cancelled.
public enum AcceptLoop {
    /// Serves each accepted connection with `serve` until the calling task is cancelled or the listener closes.
    public static func run<Connection: Sendable>(
        _ listener: NIOAsyncChannel<Connection, Never>, serve: @escaping @Sendable (Connection) async -> Void
    ) async {
        let channel = listener.channel
        let accepting = Task {
            try? await listener.executeThenClose { inbound in
                await withDiscardingTaskGroup { group in
                    do {
                        for try await connection in inbound {
                            group.addTask { await serve(connection) }
                        }
                    } catch {
                        // The listener failed or closed: stop accepting.
                    }
                    group.cancelAll()
                }
            }
        }
        await withTaskCancellationHandler {
            await accepting.value
        } onCancel: {
            channel.close(promise: nil)
        }
    }
}
