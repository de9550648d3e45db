import Foundation

/// Log lines in the style of the original's zerolog ConsoleWriter (without colours):
/// `<RFC3339> <INF|ERR|FTL|PNC> <file.go:line> > <message>`.
///
/// Lines go to the role's stdout (the container log) unless another sink is given (tests).
public struct HotelLogger: Sendable {
    /// A zerolog level as the console writer abbreviates it.
    public enum Level: String, Sendable {
        case trace = "TRC", debug = "DBG", info = "INF", warn = "WRN", error = "ERR", fatal = "FTL", panic = "PNC"
    }

    /// Where formatted lines (with their newline) go.
    public var sink: @Sendable (String) -> Void
    /// The clock for timestamps.
    public var now: @Sendable () -> Date

    /// Creates a logger; the default sink is the process's stdout.
    public init(
        sink: @escaping @Sendable (String) -> Void = { RoleOutput.write($0) },
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.sink = sink
        self.now = now
    }

    /// A logger that drops everything.
    public static var silent: HotelLogger { HotelLogger(sink: { _ in }) }

    /// Formats one line (without the newline).
    public static func format(_ level: Level, _ caller: String, _ message: String, date: Date) -> String {
        "\(RoleOutput.timestamp(date)) \(level.rawValue) \(caller) > \(message)"
    }

    /// Writes one line at `level`; `caller` is the original's `file.go:line`.
    public func log(_ level: Level, _ caller: String, _ message: String) {
        sink(Self.format(level, caller, message, date: now()) + "\n")
    }

    /// An INF line.
    public func info(_ caller: String, _ message: String) { log(.info, caller, message) }
    /// An ERR line.
    public func error(_ caller: String, _ message: String) { log(.error, caller, message) }
    /// A WRN line.
    public func warn(_ caller: String, _ message: String) { log(.warn, caller, message) }
}
