import Foundation
import OpsLabWorkload

/// Runs the two capacity searches of `opslab bench telemetry` interleaved: each round runs one step of each
/// configuration still searching, in an order that alternates from round to round, so slow drift of the machine
/// (other work on the shared cores, thermal state) falls on both alike.
struct TelemetryBenchRunner: Sendable {
    var candidate: TelemetryBenchMode
    var baseline: TelemetryBenchMode
    var search: CapacitySearch.Configuration
    var criteria: CapacityCriteria
    var settings: TelemetryBenchTrial.Settings
    var goal: Double
    var build: String
    /// Where progress lines go (stdout for text, stderr with --json).
    var say: @Sendable (String) -> Void

    func run() async throws -> TelemetryBenchReport {
        let started = ContinuousClock.now
        var searches: [TelemetryBenchMode: CapacitySearch] = [:]
        for mode in [candidate, baseline] { searches[mode] = CapacitySearch(configuration: search, criteria: criteria) }
        var steps: [TelemetryBenchReport.Step] = []
        var round = 0
        say(TelemetryBenchReport.stepHeader)
        while searches.values.contains(where: { !$0.isFinished }) {
            round += 1
            let order = round % 2 == 1 ? [candidate, baseline] : [baseline, candidate]
            for mode in order {
                guard var modeSearch = searches[mode], let rate = modeSearch.nextRate else { continue }
                let outcome = try await runTrial(mode: mode, rate: rate)
                let verdict = modeSearch.record(outcome.step)
                let step = TelemetryBenchReport.Step(
                    round: round, mode: mode, targetRate: rate, achievedRate: outcome.step.achievedRate,
                    completed: outcome.step.completed, errors: outcome.step.errors,
                    p50Ms: Double(outcome.step.p50Microseconds) / 1000,
                    p99Ms: Double(outcome.step.p99Microseconds) / 1000, verdict: verdict,
                    rampingUp: modeSearch.records.last?.rampingUp ?? true, setupSeconds: outcome.setupSeconds,
                    telemetry: outcome.telemetry, cpu: outcome.cpu)
                searches[mode] = modeSearch
                steps.append(step)
                say(TelemetryBenchReport.stepLine(step))
            }
        }
        let candidateSearch = searches[candidate] ?? CapacitySearch()
        let baselineSearch = searches[baseline] ?? CapacitySearch()
        let comparison = CapacityComparison(candidate: candidateSearch, baseline: baselineSearch)
        let elapsed = ContinuousClock.now - started
        return TelemetryBenchReport(
            settings: reportSettings, candidate: configuration(candidate, candidateSearch),
            baseline: configuration(baseline, baselineSearch), ratio: comparison.ratio,
            ratioLowerBound: comparison.lowerBound, ratioUpperBound: comparison.upperBound, goal: goal,
            meetsGoal: comparison.meets(goal), steps: steps, notes: notes(candidateSearch, baselineSearch),
            elapsedSeconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    /// One trial, retried once when setting up the cluster or app fails (not when the load itself fails).
    private func runTrial(mode: TelemetryBenchMode, rate: Double) async throws -> TelemetryBenchTrial.Outcome {
        let trial = TelemetryBenchTrial(mode: mode, rate: rate, settings: settings)
        do {
            return try await trial.run()
        } catch let error as TelemetryBenchError {
            say("retrying \(mode.rawValue) at \(Int(rate)) req/s after: \(error)")
            return try await trial.run()
        }
    }

    private func configuration(
        _ mode: TelemetryBenchMode, _ search: CapacitySearch
    )
        -> TelemetryBenchReport.Configuration
    {
        TelemetryBenchReport.Configuration(
            mode: mode, description: mode.summary(scrapeInterval: DurationText.format(settings.scrapeInterval)),
            capacity: search.capacity, failedRate: search.failedRate, stopReason: search.stopReason,
            steps: search.records.count)
    }

    private var reportSettings: TelemetryBenchReport.Settings {
        func seconds(_ duration: Duration) -> Double {
            Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        }
        return TelemetryBenchReport.Settings(
            build: build, durationPerStepSeconds: seconds(settings.duration), warmUpSeconds: seconds(settings.warmUp),
            connections: settings.connections, threads: settings.threads,
            scrapeIntervalSeconds: seconds(settings.scrapeInterval),
            p99LimitMs: Double(criteria.p99LimitMicroseconds) / 1000,
            minimumAchievedFraction: criteria.minimumAchievedFraction,
            maximumErrorFraction: criteria.maximumErrorFraction, startRate: search.startRate,
            maxRate: search.maxRate, growthFactor: search.growthFactor, resolution: search.resolution,
            maxStepsPerConfiguration: search.maxSteps, failureRetries: search.failureRetries, seed: settings.seed)
    }

    private func notes(_ candidate: CapacitySearch, _ baseline: CapacitySearch) -> [String] {
        var notes = [
            "with telemetry off the roles still record their Prometheus metrics in-process on every request "
                + "(that code is always on); only scraping and span export are off",
            "the load generator, the service proxy and the observability stack share this process and the "
                + "machine's cores with the pods",
        ]
        if build == "debug" {
            notes.append("debug build: the figures are not meaningful; build with -c release (see --help)")
        }
        for (mode, search) in [(self.candidate, candidate), (self.baseline, baseline)] {
            if search.stopReason == .reachedMaxRate {
                notes.append("\(mode.rawValue) sustained --max-rate; its capacity is at least that (raise --max-rate)")
            }
            if search.stopReason == .stepLimit {
                notes.append("\(mode.rawValue) hit the step limit before converging")
            }
        }
        return notes
    }
}
