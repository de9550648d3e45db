import Foundation

extension PrometheusAPI {
    func matcherSets(_ query: [String: [String]]) throws(APIError) -> [[LabelMatcher]] {
        var sets: [[LabelMatcher]] = []
        for selector in query["match[]"] ?? [] {
            let parsed: PromQLExpression
            do {
                parsed = try PromQLParser.parse(selector)
            } catch {
                throw APIError.badData("invalid parameter \"match[]\": \(error.message)")
            }
            guard case .vectorSelector(let vector) = parsed else {
                throw APIError.badData("invalid parameter \"match[]\": expected a vector selector, got \"\(selector)\"")
            }
            sets.append(vector.matchers)
        }
        return sets
    }

    func series(_ query: [String: [String]], _ nowMs: Int64) throws(APIError) -> APIJSON {
        let sets = try matcherSets(query)
        guard !sets.isEmpty else { throw APIError.badData("no match[] parameter provided") }
        let start = try APIParameters.time("start", query, default: .min)
        let end = try APIParameters.time("end", query, default: .max)
        var found: Set<MetricLabels> = []
        for matchers in sets {
            found.formUnion(engine.store.series(matching: matchers, startMs: start, endMs: end))
        }
        return .array(found.sorted().map { .labels($0) })
    }

    func labelNames(_ query: [String: [String]], _ nowMs: Int64) throws(APIError) -> APIJSON {
        let sets = try matcherSets(query)
        let start = try APIParameters.time("start", query, default: .min)
        let end = try APIParameters.time("end", query, default: .max)
        return .array(engine.store.labelNames(matching: sets, startMs: start, endMs: end).map { .string($0) })
    }

    func labelValues(_ name: String, _ query: [String: [String]]) throws(APIError) -> APIJSON {
        let decoded = name.removingPercentEncoding ?? name
        guard ExpositionParser.isValidLabelName(decoded) else {
            throw APIError.badData("invalid label name: \"\(decoded)\"")
        }
        let sets = try matcherSets(query)
        let start = try APIParameters.time("start", query, default: .min)
        let end = try APIParameters.time("end", query, default: .max)
        return .array(engine.store.labelValues(decoded, matching: sets, startMs: start, endMs: end).map { .string($0) })
    }

    func buildInfo() -> APIJSON {
        .object([
            ("version", .string(version)), ("revision", .string("")), ("branch", .string("")),
            ("buildUser", .string("opslab")), ("buildDate", .string("")), ("goVersion", .string("swift")),
        ])
    }

    func metadataData(_ query: [String: [String]], _ nowMs: Int64) throws(APIError) -> APIJSON {
        let metric = query["metric"]?.first.flatMap { $0.isEmpty ? nil : $0 }
        var limit = Int.max
        if let text = query["limit"]?.first, !text.isEmpty {
            guard let parsed = Int(text) else { throw APIError.badData("limit must be a number") }
            if parsed > 0 { limit = parsed }
        }
        let entries = metadata.metadata(metric: metric).sorted { $0.key < $1.key }.prefix(limit)
        return .object(
            entries.map { name, list in
                (
                    name,
                    .array(
                        list.map {
                            .object([
                                ("type", .string($0.type.metadataName)), ("help", .string($0.help)),
                                ("unit", .string($0.unit)),
                            ])
                        })
                )
            })
    }

    func targetsData() -> APIJSON {
        let active = targets().map { health -> APIJSON in
            let target = health.target
            var scheme = "http"
            var path = "/metrics"
            if let range = target.url.range(of: "://") {
                scheme = String(target.url[..<range.lowerBound])
                let rest = target.url[range.upperBound...]
                if let slash = rest.firstIndex(of: "/") { path = String(rest[slash...]) }
            }
            var discovered = target.labels
            discovered["__address__"] = target.instance
            discovered["__metrics_path__"] = path
            discovered["__scheme__"] = scheme
            discovered["job"] = target.job
            return .object([
                ("discoveredLabels", .labels(discovered)), ("labels", .labels(target.targetLabels)),
                ("scrapePool", .string(target.job)), ("scrapeUrl", .string(target.url)),
                ("globalUrl", .string(target.url)), ("lastError", .string(health.lastError)),
                ("lastScrape", .string(APIParameters.rfc3339(milliseconds: health.lastScrapeMs))),
                ("lastScrapeDuration", .number(health.lastScrapeDurationSeconds)),
                ("health", .string(health.health.rawValue)),
                ("scrapeInterval", .string(PromQLDuration.format(milliseconds: health.scrapeIntervalMs))),
                ("scrapeTimeout", .string(PromQLDuration.format(milliseconds: health.scrapeTimeoutMs))),
            ])
        }
        return .object([("activeTargets", .array(active)), ("droppedTargets", .array([]))])
    }
}
