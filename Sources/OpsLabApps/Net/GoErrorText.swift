import Foundation
import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns socket errors into the short lower-case texts Go's `net` package prints
/// (`connection refused`, `address already in use`, …).
enum GoErrorText {
    /// The errno of an error from NIO, if it carries one.
    static func errno(of error: any Error) -> Int32? {
        if let error = error as? IOError { return error.errnoCode }
        if let error = error as? NIOConnectionError {
            for failure in error.connectionErrors { if let code = errno(of: failure.error) { return code } }
        }
        return nil
    }

    /// `strerror` of the error's errno with a lower-case first letter, or the error's own description.
    static func errnoText(_ error: any Error) -> String {
        guard let code = errno(of: error) else { return "\(error)" }
        return text(errno: code)
    }

    /// `strerror(code)` with a lower-case first letter, as Go prints syscall errors.
    static func text(errno code: Int32) -> String {
        guard let raw = strerror(code) else { return "errno \(code)" }
        let message = String(cString: raw)
        guard let first = message.first else { return message }
        return first.lowercased() + message.dropFirst()
    }
}
