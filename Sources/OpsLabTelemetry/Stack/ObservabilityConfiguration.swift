import Foundation

/// Everything that fixes how the observability stack runs; every knob has an environment variable and a default.
///
/// | knob | env | default |
/// |---|---|---|
/// | ``enabled`` | `OPSLAB_TELEMETRY=off` | on |
/// | ``scrapeInterval`` | `OPSLAB_SCRAPE_INTERVAL` (`5s`, `500ms`, `1m`, or seconds) | 5 s |
/// | ``scrapeTimeout`` | `OPSLAB_SCRAPE_TIMEOUT` | the interval, at most 10 s |
/// | ``retention`` | `OPSLAB_METRICS_RETENTION` | 1 h |
/// | ``maxScrapeBytes`` | `OPSLAB_SCRAPE_MAX_BYTES` | 16 MiB |
public struct ObservabilityConfiguration: Sendable {
    /// Whether the stack runs at all.
    public var enabled: Bool
    /// How often every target is scraped.
    public var scrapeInterval: Duration
    /// The limit on one scrape; `nil` means the interval, capped at 10 s.
    public var scrapeTimeout: Duration?
    /// How long samples are kept.
    public var retention: Duration
    /// The largest scrape body read; bigger ones fail the scrape (`up` 0).
    public var maxScrapeBytes: Int
    /// The namespace of the stack's Services.
    public var namespace: String
    /// The address the servers listen on; `nil` means the control-plane node's InternalIP, read from the API.
    /// The stack's Endpoints point at it, so the service proxy forwards each ClusterIP port there.
    public var servingAddress: String?
    /// How long to wait for the API server to answer before giving up.
    public var apiReadyTimeout: Duration
    /// The limits of each HTTP server.
    public var server: TelemetryHTTPServer.Configuration
    /// How often the stack puts back its namespace, Services and Endpoints if someone removed them.
    public var reconcileInterval: Duration

    /// Creates a configuration with the defaults.
    public init(
        enabled: Bool = true, scrapeInterval: Duration = .seconds(5), scrapeTimeout: Duration? = nil,
        retention: Duration = .seconds(3600), maxScrapeBytes: Int = 16 << 20, namespace: String = "observe",
        servingAddress: String? = nil, apiReadyTimeout: Duration = .seconds(60),
        server: TelemetryHTTPServer.Configuration = TelemetryHTTPServer.Configuration(),
        reconcileInterval: Duration = .seconds(10)
    ) {
        self.enabled = enabled
        self.scrapeInterval = scrapeInterval
        self.scrapeTimeout = scrapeTimeout
        self.retention = retention
        self.maxScrapeBytes = maxScrapeBytes
        self.namespace = namespace
        self.servingAddress = servingAddress
        self.apiReadyTimeout = apiReadyTimeout
        self.server = server
        self.reconcileInterval = reconcileInterval
    }

    /// The scrape timeout in effect: ``scrapeTimeout``, else the interval capped at 10 s.
    public var effectiveScrapeTimeout: Duration {
        scrapeTimeout ?? min(scrapeInterval, .seconds(10))
    }

    /// The defaults overridden by the environment (see the table above).
    ///
    /// Throws ``TelemetryStackError`` (`invalidConfiguration`) naming the variable whose value cannot be read.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> ObservabilityConfiguration {
        var configuration = ObservabilityConfiguration()
        if let value = environment["OPSLAB_TELEMETRY"] {
            switch value.lowercased() {
            case "off", "0", "false", "no", "disabled": configuration.enabled = false
            case "on", "1", "true", "yes", "enabled", "": configuration.enabled = true
            default: throw invalid("OPSLAB_TELEMETRY", value, "on or off")
            }
        }
        if let value = environment["OPSLAB_SCRAPE_INTERVAL"] {
            guard let interval = parseDuration(value), interval > .zero else {
                throw invalid("OPSLAB_SCRAPE_INTERVAL", value, "a positive duration such as 5s or 500ms")
            }
            configuration.scrapeInterval = interval
        }
        if let value = environment["OPSLAB_SCRAPE_TIMEOUT"] {
            guard let timeout = parseDuration(value), timeout > .zero else {
                throw invalid("OPSLAB_SCRAPE_TIMEOUT", value, "a positive duration such as 4s")
            }
            configuration.scrapeTimeout = timeout
        }
        if let value = environment["OPSLAB_METRICS_RETENTION"] {
            guard let retention = parseDuration(value), retention > .zero else {
                throw invalid("OPSLAB_METRICS_RETENTION", value, "a positive duration such as 30m or 2h")
            }
            configuration.retention = retention
        }
        if let value = environment["OPSLAB_SCRAPE_MAX_BYTES"] {
            guard let bytes = Int(value), bytes > 0 else {
                throw invalid("OPSLAB_SCRAPE_MAX_BYTES", value, "a positive number of bytes")
            }
            configuration.maxScrapeBytes = bytes
        }
        return configuration
    }

    /// Parses `500ms`, `5s`, `2m`, `1h`, `1.5s` or a bare number of seconds; `nil` when unreadable.
    public static func parseDuration(_ text: String) -> Duration? {
        let text = text.trimmingCharacters(in: .whitespaces).lowercased()
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86_400)]
        for (suffix, scale) in units where text.hasSuffix(suffix) {
            let number = text.dropLast(suffix.count)
            // "5m" must not be read as "5" + "ms" cut wrongly: only a number may precede the unit.
            guard let value = Double(number), value.isFinite, value >= 0 else { continue }
            return .milliseconds(Int64((value * scale * 1000).rounded()))
        }
        guard let seconds = Double(text), seconds.isFinite, seconds >= 0 else { return nil }
        return .milliseconds(Int64((seconds * 1000).rounded()))
    }

    private static func invalid(_ name: String, _ value: String, _ expected: String) -> TelemetryStackError {
        TelemetryStackError(
            code: .invalidConfiguration, message: "\(name)=\(value) is not valid: expected \(expected)")
    }
}
