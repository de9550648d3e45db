import OpsLabTelemetry
import Testing

@Suite("Observability configuration")
struct ObservabilityConfigurationTests {
    @Test("defaults: on, 5 s interval, timeout capped at 10 s")
    func defaults() throws {
        let configuration = try ObservabilityConfiguration.fromEnvironment([:])
        #expect(configuration.enabled)
        #expect(configuration.scrapeInterval == .seconds(5))
        #expect(configuration.effectiveScrapeTimeout == .seconds(5))
        #expect(configuration.namespace == "observe")
        var slow = configuration
        slow.scrapeInterval = .seconds(60)
        #expect(slow.effectiveScrapeTimeout == .seconds(10))
    }

    @Test("environment variables override the defaults")
    func environment() throws {
        let configuration = try ObservabilityConfiguration.fromEnvironment([
            "OPSLAB_TELEMETRY": "off", "OPSLAB_SCRAPE_INTERVAL": "500ms", "OPSLAB_METRICS_RETENTION": "2h",
            "OPSLAB_SCRAPE_TIMEOUT": "1.5", "OPSLAB_SCRAPE_MAX_BYTES": "1024",
        ])
        #expect(!configuration.enabled)
        #expect(configuration.scrapeInterval == .milliseconds(500))
        #expect(configuration.retention == .seconds(7200))
        #expect(configuration.effectiveScrapeTimeout == .milliseconds(1500))
        #expect(configuration.maxScrapeBytes == 1024)
    }

    @Test("unreadable values are rejected with the variable's name")
    func invalidValues() {
        #expect(throws: TelemetryStackError.self) {
            try ObservabilityConfiguration.fromEnvironment(["OPSLAB_SCRAPE_INTERVAL": "soon"])
        }
        #expect(throws: TelemetryStackError.self) {
            try ObservabilityConfiguration.fromEnvironment(["OPSLAB_SCRAPE_INTERVAL": "0s"])
        }
        do {
            _ = try ObservabilityConfiguration.fromEnvironment(["OPSLAB_TELEMETRY": "maybe"])
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("OPSLAB_TELEMETRY=maybe"))
        }
    }

    @Test("durations: ms, s, m, h and bare seconds")
    func durations() {
        #expect(ObservabilityConfiguration.parseDuration("250ms") == .milliseconds(250))
        #expect(ObservabilityConfiguration.parseDuration("5m") == .seconds(300))
        #expect(ObservabilityConfiguration.parseDuration("1h") == .seconds(3600))
        #expect(ObservabilityConfiguration.parseDuration(" 2 ") == .seconds(2))
        #expect(ObservabilityConfiguration.parseDuration("x") == nil)
    }
}
