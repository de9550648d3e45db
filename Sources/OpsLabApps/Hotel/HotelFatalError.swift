import Foundation
import OpsLabCore

/// A fault the original handles with `log.Fatal`/`log.Panic`: the service logs it and its process exits.
public struct HotelFatalError: Error, Sendable, CustomStringConvertible {
    /// `.fatal` (exit code 1) or `.panic` (exit code 2).
    public var level: HotelLogger.Level
    /// The logged message (the datastore's error text).
    public var message: String
    /// The original's `file.go:line` of the log call.
    public var caller: String

    /// Creates a fatal error.
    public init(_ level: HotelLogger.Level, _ message: String, caller: String) {
        self.level = level
        self.message = message
        self.caller = caller
    }

    /// The process exit code: 2 for a panic, else 1.
    public var exitCode: Int32 { level == .panic ? 2 : 1 }

    public var description: String { message }
}
