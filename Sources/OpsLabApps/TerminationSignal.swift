import Dispatch
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Waits for SIGTERM or SIGINT, the way a container's main process is asked to stop.
public enum TerminationSignal {
    /// Suspends until the process receives SIGTERM or SIGINT and returns the signal number, or returns `nil`
    /// when the calling task is cancelled first.
    ///
    /// The default handlers are replaced (the signals no longer kill the process), so the caller must exit.
    public static func wait() async -> Int32? {
        let (stream, continuation) = AsyncStream.makeStream(of: Int32.self)
        let sources = [SIGTERM, SIGINT].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { continuation.yield(number) }
            source.resume()
            return source
        }
        defer { for source in sources { source.cancel() } }
        for await number in stream { return number }
        return nil
    }
}
