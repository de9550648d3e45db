import ArgumentParser
import Foundation
import OpsLabApps
import OpsLabCore
import OpsLabKube
import OpsLabOrchestrator

/// `opslab problems [--app NAME] [--task KIND] [--output table|json]`: list the known problems.
struct ProblemsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "problems",
        abstract: "List the problems OpsLab can run (ID, APP, TASK).",
        discussion: """
            Ids follow AIOpsLab's (e.g. revoke_auth_mongodb-mitigation-1, noop_detection_hotel_reservation-1). \
            Filter by app (\(AppCatalog.names.joined(separator: ", "))) and by task \
            (\(TaskKind.allCases.map(\.rawValue).joined(separator: ", "))).
            """
    )

    @Option(help: "Only the problems of this app, e.g. hotel-reservation.")
    var app: String?

    @Option(help: "Only the problems of this task: detection, localization, analysis or mitigation.")
    var task: String?

    @Option(name: [.short, .long], help: "Output format: table or json.")
    var output: String = "table"

    func validate() throws {
        if let task, TaskKind(rawValue: task.lowercased()) == nil {
            throw ValidationError(
                "unknown task \"\(task)\"; one of \(TaskKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if let app, ProblemRegistry.app(matching: app) == nil {
            throw ValidationError("unknown app \"\(app)\"; known apps: \(AppCatalog.names.joined(separator: ", "))")
        }
        guard ["table", "json"].contains(output) else {
            throw ValidationError("unknown output format \"\(output)\"; use table or json")
        }
    }

    func run() throws {
        let kind = task.flatMap { TaskKind(rawValue: $0.lowercased()) }
        let problems = ProblemRegistry.filter(app: app, task: kind)
        let text = output == "json" ? ProblemsListing.json(problems) : ProblemsListing.table(problems)
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}

/// Rendering of the problem list.
enum ProblemsListing {
    /// A kubectl-style table (ID, APP, TASK) and a count line; a "No problems found." line when empty.
    static func table(_ problems: [ProblemDefinition]) -> String {
        guard !problems.isEmpty else { return "No problems found.\n" }
        let rows = [["ID", "APP", "TASK"]] + problems.map { [$0.idText, $0.app.name, $0.task.rawValue] }
        let count = problems.count == 1 ? "1 problem" : "\(problems.count) problems"
        return TableRenderer.layout(rows: rows, minWidth: 6, tabWidth: 4, padding: 3) + "\(count)\n"
    }

    /// A JSON array of `{"id", "app", "namespace", "task"}` objects, pretty-printed.
    static func json(_ problems: [ProblemDefinition]) -> String {
        let items: [JSONValue] = problems.map { problem in
            [
                "id": .string(problem.idText), "app": .string(problem.app.name),
                "namespace": .string(problem.app.namespace), "task": .string(problem.task.rawValue),
            ]
        }
        return JSONValue.array(items).jsonString(pretty: true) + "\n"
    }
}
