import Foundation

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
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}
