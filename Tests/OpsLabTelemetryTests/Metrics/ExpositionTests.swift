import Testing

@testable import OpsLabTelemetry

@Suite struct ExpositionParserTests {
    @Test func parsesTypedFamiliesAndSamples() throws {
        let text = """
            # HELP http_requests_total The total number of HTTP requests.
            # TYPE http_requests_total counter
            http_requests_total{method="post",code="200"} 1027 1395066363000
            http_requests_total{method="post",code="400"}    3 1395066363000

            # A normal comment
            metric_without_timestamp_and_labels 12.47
            """
        let families = try ExpositionParser.parse(text)
        #expect(families.count == 2)
        #expect(families[0].name == "http_requests_total")
        #expect(families[0].type == .counter)
        #expect(families[0].help == "The total number of HTTP requests.")
        #expect(families[0].samples.count == 2)
        #expect(
            families[0].samples[0].labels
                == MetricLabels(name: "http_requests_total", ["method": "post", "code": "200"]))
        #expect(families[0].samples[0].value == 1027)
        #expect(families[0].samples[0].timestampMs == 1_395_066_363_000)
        #expect(families[1].type == .untyped)
        #expect(families[1].samples[0].value == 12.47)
        #expect(families[1].samples[0].timestampMs == nil)
    }

    @Test func parsesEscapesAndSpecialValues() throws {
        let text = #"""
            msdos_file_access_time_seconds{path="C:\\DIR\\FILE.TXT",error="Cannot find file:\n\"FILE.TXT\""} 1.458255915e9
            a NaN
            b +Inf
            c -Inf
            d{x="1",} -3.5e-3
            """#
        let samples = try ExpositionParser.parseSamples(text)
        #expect(samples.count == 5)
        #expect(samples[0].labels["path"] == #"C:\DIR\FILE.TXT"#)
        #expect(samples[0].labels["error"] == "Cannot find file:\n\"FILE.TXT\"")
        #expect(samples[0].value == 1_458_255_915)
        #expect(samples[1].value.isNaN)
        #expect(samples[2].value == .infinity)
        #expect(samples[3].value == -.infinity)
        #expect(samples[4].value == -0.0035)
        #expect(samples[4].labels["x"] == "1")
    }

    @Test func groupsHistogramAndSummarySeries() throws {
        let text = """
            # TYPE rpc_duration_seconds histogram
            rpc_duration_seconds_bucket{le="0.1"} 5
            rpc_duration_seconds_bucket{le="+Inf"} 9
            rpc_duration_seconds_sum 3.2
            rpc_duration_seconds_count 9
            # TYPE rpc_latency summary
            rpc_latency{quantile="0.5"} 0.01
            rpc_latency_sum 1
            rpc_latency_count 100
            """
        let families = try ExpositionParser.parse(text)
        #expect(families.map(\.name) == ["rpc_duration_seconds", "rpc_latency"])
        #expect(families[0].samples.count == 4)
        #expect(families[0].samples[1].labels["le"] == "+Inf")
        #expect(families[1].samples.count == 3)
        #expect(families[1].type == .summary)
    }

    @Test(arguments: [
        ("a{b=\"c\" 1", 1, "expected \",\" or \"}\""),
        ("ok 1\nbad{x=1} 2", 2, "expected a quoted value for label \"x\""),
        ("m 1 2 3", 1, "unexpected text after timestamp"),
        ("m abc", 1, "invalid value \"abc\""),
        ("m", 1, "expected a value"),
        ("# TYPE m bogus", 1, "invalid metric type \"bogus\""),
        ("m{a=\"1\",a=\"2\"} 1", 1, "duplicate label name \"a\""),
        ("m{a=\"\\x\"} 1", 1, "invalid escape sequence"),
        ("m 1 1.5", 1, "invalid timestamp"),
        ("# TYPE m gauge\n# TYPE m gauge", 2, "second TYPE line"),
        ("1m 2", 1, "invalid metric name"),
        ("m{a=\"x} 1", 1, "unterminated quoted value"),
    ])
    func reportsLineNumberedErrors(input: String, line: Int, fragment: String) {
        do {
            _ = try ExpositionParser.parse(input)
            Issue.record("expected an error for \(input)")
        } catch {
            #expect(error.line == line)
            #expect(error.message.contains(fragment), "\(error.message)")
        }
    }

    @Test func writerRoundTrips() throws {
        let families = [
            MetricFamily(
                name: "requests_total", type: .counter, help: "All\nrequests \\ so far",
                samples: [
                    ExpositionSample(labels: MetricLabels(name: "requests_total", ["path": "/a\"b\\c\nd"]), value: 3),
                    ExpositionSample(labels: MetricLabels(name: "requests_total"), value: .nan, timestampMs: 17),
                ]),
            MetricFamily(
                name: "temp", type: .gauge,
                samples: [ExpositionSample(labels: MetricLabels(name: "temp"), value: -.infinity)]),
        ]
        let text = ExpositionWriter.write(families)
        #expect(text.contains("# HELP requests_total All\\nrequests \\\\ so far\n"))
        #expect(text.contains("requests_total{path=\"/a\\\"b\\\\c\\nd\"} 3\n"))
        #expect(text.contains("requests_total NaN 17\n"))
        #expect(text.contains("temp -Inf\n"))
        let parsed = try ExpositionParser.parse(text)
        #expect(parsed == families)
    }

    @Test func formatsValuesLikePrometheus() {
        #expect(SampleValueFormat.format(2.0) == "2")
        #expect(SampleValueFormat.format(1.5) == "1.5")
        #expect(SampleValueFormat.format(0.00001) == "0.00001")
        #expect(SampleValueFormat.format(1.5e20) == "150000000000000000000")
        #expect(SampleValueFormat.format(-0.25) == "-0.25")
        #expect(SampleValueFormat.format(.infinity) == "+Inf")
        #expect(SampleValueFormat.format(1 / 3) == "0.3333333333333333")
        #expect(SampleValueFormat.formatTimestamp(milliseconds: 1_700_000_000_123) == "1700000000.123")
        #expect(SampleValueFormat.formatTimestamp(milliseconds: 1_700_000_000_050) == "1700000000.050")
        #expect(SampleValueFormat.formatTimestamp(milliseconds: 1_700_000_000_000) == "1700000000")
    }
}
