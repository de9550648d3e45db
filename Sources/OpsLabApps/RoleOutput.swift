import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a role's log lines to its standard output, which the kubelet turns into the container log.
///
/// A role's stdout is its log (as in a container), so this is the one place that writes there.
public enum RoleOutput {
    /// Writes `<RFC3339> <LEVEL> <message>` and a newline to stdout, unbuffered.
    public static func log(_ message: String, level: String = "INFO", date: Date = Date()) {
        write("\(timestamp(date)) \(level) \(message)\n")
    }

    /// Writes raw text to stdout, unbuffered. A closed stdout (the kubelet stopped reading) loses the text but
    /// never crashes the role, as a container's write to a gone log pipe would not.
    public static func write(_ text: String) {
        try? FileHandle.standardOutput.write(contentsOf: Data(text.utf8))
    }

    /// Writes raw text to stderr, unbuffered, with the same tolerance of a closed pipe.
    public static func writeError(_ text: String) {
        try? FileHandle.standardError.write(contentsOf: Data(text.utf8))
    }

    /// RFC 3339 in UTC with second precision.
    public static func timestamp(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02dZ", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
            parts.tm_hour, parts.tm_min, parts.tm_sec
        )
    }
}
