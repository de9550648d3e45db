import Testing

@testable import OpsLabTelemetry

@Suite struct MetricLabelsTests {
    @Test func sortsAndComparesRegardlessOfOrder() {
        let a = MetricLabels([("job", "geo"), ("__name__", "up"), ("instance", "x")])
        let b = MetricLabels(["instance": "x", "job": "geo", "__name__": "up"])
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(a.fingerprint == b.fingerprint)
        #expect(a.names == ["__name__", "instance", "job"])
        #expect(a.metricName == "up")
    }

    @Test func fingerprintDiffersForDifferentSets() {
        #expect(MetricLabels(["a": "b"]).fingerprint != MetricLabels(["a": "c"]).fingerprint)
        #expect(MetricLabels(["ab": "c"]).fingerprint != MetricLabels(["a": "bc"]).fingerprint)
    }

    @Test func fingerprintIsStable() {
        // FNV-1a over "a\u{ff}b\u{ff}" computed independently.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte: UInt8 in [0x61, 0xff, 0x62, 0xff] {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        #expect(MetricLabels(["a": "b"]).fingerprint == hash)
    }

    @Test func dropsEmptyValuesAndEdits() {
        let labels = MetricLabels(["a": "1", "b": ""])
        #expect(labels.count == 1)
        #expect(labels.setting("c", to: "3").names == ["a", "c"])
        #expect(labels.setting("a", to: nil).isEmpty)
        #expect(MetricLabels(name: "m", ["z": "1", "b": "2"]).droppingMetricName.names == ["b", "z"])
        #expect(labels.keeping(["a"]) == labels)
        #expect(labels.removing(["a"]).isEmpty)
    }

    @Test func describesInPromQLNotation() {
        #expect(MetricLabels(name: "up", ["job": "a\"b"]).description == "up{job=\"a\\\"b\"}")
        #expect(MetricLabels().description == "{}")
    }
}

@Suite struct LabelMatcherTests {
    @Test func equalityAndInequality() throws {
        let labels = MetricLabels(name: "up", ["job": "geo"])
        #expect(LabelMatcher.equal("job", "geo").matches(labels))
        #expect(try !LabelMatcher("job", .notEqual, "geo").matches(labels))
        #expect(LabelMatcher.equal("missing", "").matches(labels))
        #expect(try LabelMatcher("missing", .notEqual, "x").matches(labels))
    }

    @Test func regexIsFullyAnchored() throws {
        let matcher = try LabelMatcher("job", .regexMatch, "ap.")
        #expect(matcher.matches("api"))
        #expect(!matcher.matches("api-2"))
        #expect(!matcher.matches("xapi"))
        let alternation = try LabelMatcher("code", .regexMatch, "5..|429")
        #expect(alternation.matches("503"))
        #expect(alternation.matches("429"))
        #expect(!alternation.matches("4290"))
        #expect(try LabelMatcher("job", .regexNoMatch, "geo|rate").matches("search"))
        #expect(try !LabelMatcher("job", .regexNoMatch, "geo|rate").matches("geo"))
    }

    @Test func literalAlternationFastPath() throws {
        let matcher = try LabelMatcher("job", .regexMatch, "geo|rate")
        #expect(matcher.matches("rate"))
        #expect(!matcher.matches("geo|rate"))
        #expect(try LabelMatcher("x", .regexMatch, ".*").matchesEmpty)
        #expect(try !LabelMatcher("x", .regexMatch, ".+").matchesEmpty)
    }

    @Test func invalidRegexThrows() {
        #expect(throws: LabelMatcherError.self) { try LabelMatcher("job", .regexMatch, "(unclosed") }
    }
}
