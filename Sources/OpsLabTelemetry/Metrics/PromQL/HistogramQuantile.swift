/// Prometheus's `histogram_quantile` over classic (`le`-labelled) buckets.
enum HistogramQuantile {
    struct Bucket {
        var upperBound: Double
        var count: Double
    }

    /// Groups `samples` by their labels without `le` and `__name__` and computes the φ-quantile of each.
    static func evaluate(_ q: Double, _ samples: [PromQLSample], at time: Int64) -> [PromQLSample] {
        var groups: [MetricLabels: [Bucket]] = [:]
        var order: [MetricLabels] = []
        for sample in samples {
            guard let le = sample.labels["le"], let bound = ExpositionParser.parseValue(le) else { continue }
            let key = sample.labels.removing(["le", MetricLabels.metricNameLabel])
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(Bucket(upperBound: bound, count: sample.value))
        }
        return order.map { key in
            PromQLSample(labels: key, timestampMs: time, value: bucketQuantile(q, groups[key] ?? []))
        }
    }

    /// The quantile by linear interpolation inside the bucket that holds the rank, as Prometheus computes it:
    /// NaN without a `+Inf` bucket or observations, the highest finite bound when the rank falls in `+Inf`.
    static func bucketQuantile(_ q: Double, _ input: [Bucket]) -> Double {
        if q.isNaN { return .nan }
        if q < 0 { return -.infinity }
        if q > 1 { return .infinity }
        var buckets = input.sorted { $0.upperBound < $1.upperBound }
        guard let last = buckets.last, last.upperBound == .infinity else { return .nan }
        var coalesced: [Bucket] = []
        for bucket in buckets {
            if let previous = coalesced.last, previous.upperBound == bucket.upperBound {
                coalesced[coalesced.count - 1].count += bucket.count
            } else {
                coalesced.append(bucket)
            }
        }
        buckets = coalesced
        for index in buckets.indices.dropFirst() where buckets[index].count < buckets[index - 1].count {
            buckets[index].count = buckets[index - 1].count
        }
        guard buckets.count >= 2 else { return .nan }
        let observations = buckets[buckets.count - 1].count
        guard observations > 0 else { return .nan }
        var rank = q * observations
        let b = buckets.dropLast().firstIndex { $0.count >= rank } ?? buckets.count - 1
        if b == buckets.count - 1 { return buckets[buckets.count - 2].upperBound }
        if b == 0 && buckets[0].upperBound <= 0 { return buckets[0].upperBound }
        var start = 0.0
        let end = buckets[b].upperBound
        var count = buckets[b].count
        if b > 0 {
            start = buckets[b - 1].upperBound
            count -= buckets[b - 1].count
            rank -= buckets[b - 1].count
        }
        return start + (end - start) * (rank / count)
    }
}
