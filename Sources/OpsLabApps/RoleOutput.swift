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

    /// Writes raw text to stdout, unbuffered.
    public static func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
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
