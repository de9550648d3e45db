import ArgumentParser
import Foundation
import OpsLabOrchestrator

/// Turns `--agent` into an agent and its recorded name.
enum RunAgentChoice {
    static func make(_ text: String?) throws -> (any Agent, String) {
        guard let text, !text.isEmpty else {
            throw ValidationError(
                "choose an agent with --agent heuristic or --agent replay:FILE")
        }
        if text == "heuristic" {
            return (HeuristicAgent(), "heuristic")
        }
        if text.hasPrefix("replay:") {
            let path = String(text.dropFirst("replay:".count))
            guard !path.isEmpty else { throw ValidationError("--agent replay:FILE needs a file path") }
            do {
                return (try ReplayAgent(contentsOf: path), "replay")
            } catch {
                throw ValidationError("cannot read the replay script \(path): \(error.localizedDescription)")
            }
        }
        throw ValidationError("unknown agent \"\(text)\"; use --agent heuristic or --agent replay:FILE")
    }
}
