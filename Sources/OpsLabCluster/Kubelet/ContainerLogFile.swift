import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Appends a container's output to its log file in the CRI format the kubelet reads back:
/// `<RFC3339Nano timestamp> <stdout|stderr> F <line>`.
final class ContainerLogFile: @unchecked Sendable {
    private let handle: FileHandle?
    private let lock = NSLock()

    /// Opens (creating folders as needed) the log file at `path` for appending.
    init(path: String) {
        let directory = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        if !FileManager.default.fileExists(atPath: path) {
            _ = FileManager.default.createFile(atPath: path, contents: nil)
        }
        handle = FileHandle(forWritingAtPath: path)
        _ = try? handle?.seekToEnd()
    }

    deinit {
        try? handle?.close()
    }

    /// Appends one line from `stream` (`stdout` or `stderr`).
    func append(_ line: String, stream: String, at date: Date = Date()) {
        let record = "\(Self.timestamp(date)) \(stream) F \(line)\n"
        lock.lock()
        defer { lock.unlock() }
        handle?.write(Data(record.utf8))
    }

    /// RFC 3339 with nanoseconds in UTC, e.g. `2025-01-02T03:04:05.123456789Z`.
    static func timestamp(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        let nanos = Int((date.timeIntervalSince1970 - seconds) * 1e9)
        let base = String(ISO8601Format.utc(Date(timeIntervalSince1970: seconds)).dropLast())
        return base + "." + String(format: "%09d", min(max(nanos, 0), 999_999_999)) + "Z"
    }

    /// Parses a timestamp written by ``timestamp(_:)`` (or any RFC 3339 time with fractional seconds).
    static func parseTimestamp(_ text: Substring) -> Date? {
        guard text.count >= 20 else { return nil }
        let whole = text.prefix(19)
        guard let base = ISO8601Format.parse(String(whole) + "Z") else { return nil }
        var fraction = 0.0
        if let dot = text.firstIndex(of: "."), let end = text.firstIndex(where: { $0 == "Z" || $0 == "+" }) {
            fraction = Double("0" + text[dot..<end]) ?? 0
        }
        return base.addingTimeInterval(fraction)
    }
}

/// Second-precision UTC RFC 3339 formatting and parsing without a shared formatter.
enum ISO8601Format {
    /// `2025-01-02T03:04:05Z`.
    static func utc(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02dZ", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
            parts.tm_hour, parts.tm_min, parts.tm_sec
        )
    }

    /// Parses `2025-01-02T03:04:05Z`.
    static func parse(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }
}
