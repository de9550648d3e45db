import ArgumentParser
import Dispatch
import Foundation
import OpsLabOrchestrator

/// `opslab shell`: the human-as-agent REPL (AIOpsLab's human mode) over the same orchestrator as `opslab run`.
struct ShellCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shell",
        abstract: "Be the agent: start a problem, type actions, get observations and the evaluation.",
        discussion: """
            Commands: problems [--app APP] [--task TASK], start <problem-id>, help, exit (or quit, Ctrl-D). After \
            `start`, type actions exactly as an agent would write them, bare or fenced, e.g. \
            exec_shell("kubectl get pods -n test-hotel-reservation"), get_logs("test-hotel-reservation", "geo"), \
            submit("Yes"). The episode ends on submit or at --max-steps and prints the same evaluation summary as \
            `opslab run`; results go to <results>/<session>.json. `exit` or Ctrl-D in an episode, and Ctrl-C while \
            a step runs, recover the fault and stop the cluster. On a terminal, Tab completes commands, problem \
            ids and action names, and arrow keys edit and recall lines; when standard input is a pipe, lines are \
            read as they come (for scripts), each echoed after its prompt.
            """
    )

    @OptionGroup var episode: EpisodeOptions

    @OptionGroup var workload: WorkloadOptions

    func run() async throws {
        let resultsPath = try episode.resultsDirectory()
        let configuration = OrchestratorConfiguration(
            resultsDirectory: resultsPath, seed: episode.seed, maxSteps: episode.maxSteps,
            executablePath: try ProcessControl.executablePath(), workload: workload.overrides,
            progress: { line in
                // The human sees every step already, and is the agent being waited for: show only setup,
                // slow commands and teardown.
                guard !line.hasPrefix("step "), !line.hasPrefix("… waiting for the agent") else { return }
                FileHandle.standardError.write(Data("[shell] \(line)\n".utf8))
            })
        let output = StandardOutput()
        let input: any InteractiveInput = TerminalInput.isAvailable ? TerminalInput() : PipeInput(output: output)
        let shell = InteractiveShell(
            input: input, output: output, configuration: configuration, maxSteps: episode.maxSteps)
        let task = Task { await shell.run() }
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler {
            if !shell.interrupt() { task.cancel() }
        }
        source.resume()
        let ending = await task.value
        source.cancel()
        signal(SIGINT, SIG_DFL)
        if ending == .interrupted { throw ExitCode(130) }
    }
}
