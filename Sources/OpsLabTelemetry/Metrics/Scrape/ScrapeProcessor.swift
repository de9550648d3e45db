/// The pure part of a scrape: turning an exposition into the labelled samples to append.
public enum ScrapeProcessor {
    /// Prometheus's prefix for scraped labels that collide with target labels.
    public static let exportedPrefix = "exported_"

    /// Attaches the target labels to scraped labels; a scraped label that a target label overrides is kept as
    /// `exported_<name>` (prefixed again while that name is taken), as Prometheus does without `honor_labels`.
    public static func merge(_ scraped: MetricLabels, with target: MetricLabels) -> MetricLabels {
        var labels = scraped
        for label in target.labels {
            if let existing = labels[label.name] {
                var exported = exportedPrefix + label.name
                while labels[exported] != nil || target[exported] != nil { exported = exportedPrefix + exported }
                labels = labels.setting(exported, to: existing)
            }
            labels = labels.setting(label.name, to: label.value)
        }
        return labels
    }

    /// The samples of an exposition with target labels attached, stamped with `timestampMs` unless they
    /// carry their own timestamp. Samples with a label set already seen in the scrape are dropped.
    public static func samples(
        from families: [MetricFamily], target: ScrapeTarget, timestampMs: Int64
    ) -> [(labels: MetricLabels, sample: StoredSample)] {
        let targetLabels = target.targetLabels
        var seen: Set<MetricLabels> = []
        var out: [(labels: MetricLabels, sample: StoredSample)] = []
        for family in families {
            for sample in family.samples {
                let labels = merge(sample.labels, with: targetLabels)
                guard seen.insert(labels).inserted else { continue }
                out.append((labels, StoredSample(timestampMs: sample.timestampMs ?? timestampMs, value: sample.value)))
            }
        }
        return out
    }

    /// The report series of a scrape: `up`, `scrape_duration_seconds`, `scrape_samples_scraped`,
    /// `scrape_series_added`, with the target labels.
    public static func reportSamples(
        target: ScrapeTarget, timestampMs: Int64, up: Bool, durationSeconds: Double, samplesScraped: Int,
        seriesAdded: Int
    ) -> [(labels: MetricLabels, sample: StoredSample)] {
        let base = target.targetLabels
        return [
            ("up", up ? 1 : 0), ("scrape_duration_seconds", durationSeconds),
            ("scrape_samples_scraped", Double(samplesScraped)), ("scrape_series_added", Double(seriesAdded)),
        ].map { name, value in
            (base.setting(MetricLabels.metricNameLabel, to: name), StoredSample(timestampMs: timestampMs, value: value))
        }
    }
}
