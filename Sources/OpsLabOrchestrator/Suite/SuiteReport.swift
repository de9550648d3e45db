import Foundation
import OpsLabCore

/// A suite run's results: the entries, a text table and the summary figures a comparison needs.
public struct SuiteReport: Sendable, Hashable {
    /// The agent's recorded name.
    public var agent: String
    /// The seed of every episode.
    public var seed: UInt64
    /// One entry per problem, in run order.
    public var entries: [SuiteEntry]

    /// Creates a report.
    public init(agent: String, seed: UInt64, entries: [SuiteEntry] = []) {
        self.agent = agent
        self.seed = seed
        self.entries = entries
    }

    /// Problems solved.
    public var solvedCount: Int { entries.filter(\.solved).count }

    /// Solved and total per task kind, in TaskKind order.
    public var perTask: [(task: TaskKind, solved: Int, total: Int)] {
        TaskKind.allCases.compactMap { task in
            let mine = entries.filter { $0.task == task }
            return mine.isEmpty ? nil : (task, mine.filter(\.solved).count, mine.count)
        }
    }

    /// The median of the non-nil values, or `nil` when there are none.
    public static func median(_ values: [Double?]) -> Double? {
        let sorted = values.compactMap { $0 }.sorted()
        guard !sorted.isEmpty else { return nil }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// The report as an aligned text table followed by the totals and medians.
    public var text: String {
        let header = ["problem", "outcome", "steps", "TTx s", "1st obs s", "overhead s"]
        func seconds(_ value: Double?) -> String { value.map { String(format: "%.2f", $0) } ?? "-" }
        let rows =
            [header]
            + entries.map {
                [
                    $0.problemID, $0.outcome, String($0.steps), seconds($0.timeToX), seconds($0.firstObservation),
                    seconds($0.frameworkOverhead),
                ]
            }
        let widths = header.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        var lines = rows.map { row in
            row.enumerated().map { column, cell in
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                return column == 0 || column == 1 ? cell + pad : pad + cell
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
        lines.append("")
        let tasks = perTask.map { "\($0.task.rawValue) \($0.solved)/\($0.total)" }.joined(separator: ", ")
        lines.append("solved \(solvedCount)/\(entries.count) (\(tasks)) — agent \(agent), seed \(seed)")
        lines.append(
            "median first observation \(seconds(Self.median(entries.map(\.firstObservation)))) s, "
                + "median framework overhead \(seconds(Self.median(entries.map(\.frameworkOverhead)))) s, "
                + "median episode \(seconds(Self.median(entries.map(\.wallSeconds)))) s")
        return lines.joined(separator: "\n")
    }

    /// The report as JSON (agent, seed, totals, medians, entries).
    public var json: JSONValue {
        func number(_ value: Double?) -> JSONValue { value.map { .double(($0 * 1000).rounded() / 1000) } ?? .null }
        return [
            "agent": .string(agent), "seed": .int(Int64(seed)), "solved": .int(Int64(solvedCount)),
            "total": .int(Int64(entries.count)),
            "median_first_observation_time": number(Self.median(entries.map(\.firstObservation))),
            "median_framework_overhead": number(Self.median(entries.map(\.frameworkOverhead))),
            "entries": .array(entries.map(\.json)),
        ]
    }
}
