/// Something to scrape: a job, a URL, and the labels every scraped series gets.
public struct ScrapeTarget: Sendable, Hashable {
    /// The job name (`job` label and scrape pool).
    public var job: String
    /// The URL the fetcher reads, e.g. `http://127.0.1.5:8080/metrics`.
    public var url: String
    /// Further target labels such as `namespace`, `pod`, `container`; an `instance` here overrides the default.
    public var labels: [String: String]

    /// A target; `instance` defaults to the URL's `host:port`.
    public init(job: String, url: String, labels: [String: String] = [:]) {
        self.job = job
        self.url = url
        self.labels = labels
    }

    /// The `instance` label: the explicit one, else the URL's `host:port`.
    public var instance: String {
        if let explicit = labels["instance"], !explicit.isEmpty { return explicit }
        var rest = Substring(url)
        if let scheme = rest.range(of: "://") { rest = rest[scheme.upperBound...] }
        if let slash = rest.firstIndex(of: "/") { rest = rest[..<slash] }
        return String(rest)
    }

    /// All target labels: `job`, `instance` and ``labels``.
    public var targetLabels: MetricLabels {
        var all = labels
        all["job"] = job
        all["instance"] = instance
        return MetricLabels(all)
    }

    /// A key that identifies the target across scrapes (job and URL).
    public var key: String { job + "\u{0}" + url }
}

/// The health of a target as `/api/v1/targets` reports it.
public struct ScrapeTargetHealth: Sendable, Hashable {
    /// Prometheus's health states.
    public enum Health: String, Sendable, Hashable {
        /// The last scrape succeeded.
        case up
        /// The last scrape failed.
        case down
        /// Not scraped yet.
        case unknown
    }

    /// The target.
    public var target: ScrapeTarget
    /// Health after the last scrape.
    public var health: Health
    /// The last scrape's error, empty when it succeeded.
    public var lastError: String
    /// When the last scrape started (ms since the epoch), `nil` before the first.
    public var lastScrapeMs: Int64?
    /// How long the last scrape took, in seconds.
    public var lastScrapeDurationSeconds: Double
    /// The scrape interval in ms.
    public var scrapeIntervalMs: Int64
    /// The scrape timeout in ms.
    public var scrapeTimeoutMs: Int64

    /// A health record from its parts.
    public init(
        target: ScrapeTarget, health: Health = .unknown, lastError: String = "", lastScrapeMs: Int64? = nil,
        lastScrapeDurationSeconds: Double = 0, scrapeIntervalMs: Int64 = 5_000, scrapeTimeoutMs: Int64 = 4_000
    ) {
        self.target = target
        self.health = health
        self.lastError = lastError
        self.lastScrapeMs = lastScrapeMs
        self.lastScrapeDurationSeconds = lastScrapeDurationSeconds
        self.scrapeIntervalMs = scrapeIntervalMs
        self.scrapeTimeoutMs = scrapeTimeoutMs
    }
}
