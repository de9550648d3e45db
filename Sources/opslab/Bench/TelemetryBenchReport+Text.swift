import OpsLabWorkload

extension TelemetryBenchReport {
    /// The header of the step table.
    static let stepHeader =
        "round  mode         target/s  achieved/s    p50 ms    p99 ms  errors  verdict           "
        + "scrapes  samples    spans  cpu ms/req (proc+pods)  machine busy"

    /// One row of the step table.
    static func stepLine(_ step: Step) -> String {
        func pad(_ text: String, _ width: Int) -> String {
            text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
        }
        func left(_ text: String, _ width: Int) -> String {
            text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
        }
        var line = pad("\(step.round)", 5) + "  " + left(step.mode.rawValue, 11)
        line += pad(WrkFormat.fixed(step.targetRate, decimals: 0), 10)
        line += pad(WrkFormat.fixed(step.achievedRate, decimals: 1), 12)
        line += pad(WrkFormat.fixed(step.p50Ms, decimals: 2), 10)
        line += pad(WrkFormat.fixed(step.p99Ms, decimals: 2), 10)
        line += pad("\(step.errors)", 8) + "  " + left(step.verdict.rawValue, 16)
        if let work = step.telemetry {
            line += pad("\(work.scrapes)", 9) + pad("\(work.samplesAppended)", 9) + pad("\(work.spansReceived)", 9)
        } else {
            line += pad("-", 9) + pad("-", 9) + pad("-", 9)
        }
        let cpu = step.cpu
        line += pad(WrkFormat.fixed(cpu.msPerRequest, decimals: 2), 12)
        line += " (" + WrkFormat.fixed(cpu.processSeconds, decimals: 1) + "+"
        line += WrkFormat.fixed(cpu.podsSeconds, decimals: 1) + " s)"
        line += pad(WrkFormat.fixed(cpu.machineBusyFraction * 100, decimals: 0) + "%", 8)
        return line
    }

    /// The report as text: settings, the step table (unless it was already printed as progress), both
    /// capacities, the ratio and the telemetry's work.
    func text(includingSteps: Bool = true) -> String {
        var lines: [String] = []
        let s = settings
        lines.append(
            "Settings: \(s.build) build; \(WrkFormat.fixed(s.durationPerStepSeconds, decimals: 0)) s per step after "
                + "a \(WrkFormat.fixed(s.warmUpSeconds, decimals: 0)) s warm-up (discarded); \(s.connections) "
                + "connections on \(s.threads) threads; sustained = p99 < \(WrkFormat.fixed(s.p99LimitMs, decimals: 0))"
                + " ms, achieved ≥ \(Int(s.minimumAchievedFraction * 100))% of target, errors ≤ "
                + "\(WrkFormat.fixed(s.maximumErrorFraction * 100, decimals: 1))%")
        lines.append("")
        if includingSteps {
            lines.append(Self.stepHeader)
            lines += steps.map(Self.stepLine)
            lines.append("")
        }
        for configuration in [candidate, baseline] {
            lines.append(Self.capacityLine(configuration))
        }
        if let ratio {
            var line =
                "ratio \(candidate.mode.rawValue)/\(baseline.mode.rawValue): \(WrkFormat.fixed(ratio, decimals: 3))"
            if let low = ratioLowerBound, let high = ratioUpperBound {
                line +=
                    " (the search brackets allow \(WrkFormat.fixed(low, decimals: 3))–"
                    + "\(WrkFormat.fixed(high, decimals: 3)))"
            }
            line +=
                meetsGoal
                ? " — meets the goal of \(WrkFormat.fixed(goal, decimals: 2))"
                : " — below the goal of \(WrkFormat.fixed(goal, decimals: 2))"
            lines.append(line)
        } else {
            lines.append("ratio: none (a configuration sustained no rate)")
        }
        if let step = candidateStepAtCapacity, let work = step.telemetry {
            lines.append(
                "telemetry's own work at \(WrkFormat.fixed(step.targetRate, decimals: 0)) req/s over "
                    + "\(WrkFormat.fixed(s.durationPerStepSeconds, decimals: 0)) s: \(work.scrapes) scrapes of "
                    + "\(work.targets) targets, \(work.samplesAppended) samples stored, \(work.spansReceived) spans "
                    + "received (\(work.series) series in the store)")
        }
        for mode in [candidate.mode, baseline.mode] {
            let mine = steps.filter { $0.mode == mode }
            let requests = mine.reduce(0) { $0 + $1.completed }
            guard requests > 0 else { continue }
            let process = mine.reduce(0) { $0 + $1.cpu.processSeconds }
            let pods = mine.reduce(0) { $0 + $1.cpu.podsSeconds }
            lines.append(
                "CPU per request, \(mode.rawValue), over all its steps: "
                    + "\(WrkFormat.fixed((process + pods) * 1000 / Double(requests), decimals: 3)) ms "
                    + "(this process \(WrkFormat.fixed(process * 1000 / Double(requests), decimals: 3)) ms, pods "
                    + "\(WrkFormat.fixed(pods * 1000 / Double(requests), decimals: 3)) ms)")
        }
        lines += notes.map { "note: \($0)" }
        lines.append("elapsed: \(WrkFormat.fixed(elapsedSeconds, decimals: 0)) s")
        return lines.joined(separator: "\n") + "\n"
    }

    static func capacityLine(_ configuration: Configuration) -> String {
        let name = "telemetry \(configuration.mode.rawValue)"
        var line = name + ": "
        if let capacity = configuration.capacity {
            line += "\(WrkFormat.fixed(capacity, decimals: 0)) req/s sustained"
        } else {
            line += "no rate sustained"
        }
        if let failed = configuration.failedRate {
            line += ", not at \(WrkFormat.fixed(failed, decimals: 0)) req/s"
        }
        line += " (\(configuration.stopReason?.rawValue ?? "stopped") after \(configuration.steps) steps; "
        line += configuration.description + ")"
        return line
    }
}
