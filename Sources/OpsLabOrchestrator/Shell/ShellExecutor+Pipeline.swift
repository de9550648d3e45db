import Foundation
import Subprocess
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One stage of a pipeline with its descriptors resolved.
struct ShellStage: Sendable {
    /// The command to run.
    var command: ShellSimpleCommand
    /// Descriptors 0, 1 and 2 after redirections.
    var fds: [Int32]
    /// Descriptors this stage must close once it has started (or given up).
    var owned: [Int32]
    /// Whether standard input comes from a previous stage or a file (kubectl reads it only then).
    var hasInput: Bool
    /// Why the redirections failed, if they did (printed to the stage's standard error).
    var failure: String?
}

extension ShellExecutor {
    /// Runs one pipeline: all stages at once, connected by pipes; returns the last stage's status.
    func runPipeline(_ pipeline: ShellPipeline, run: ShellExecutorRun) async -> Int32 {
        let count = pipeline.commands.count
        var links: [(read: Int32, write: Int32)] = []
        do {
            for _ in 1..<max(count, 1) { links.append(try ShellExecutorIO.pipe()) }
        } catch {
            for link in links {
                ShellExecutorIO.close(link.read)
                ShellExecutorIO.close(link.write)
            }
            let message = "exec_shell: cannot create a pipe: \((error as? ShellExecutorIOError)?.message ?? "")\n"
            await ShellExecutorIO.writeAll(run.stderrWrite, Data(message.utf8))
            return 1
        }
        var stages: [ShellStage] = []
        for (index, command) in pipeline.commands.enumerated() {
            var owned: [Int32] = []
            var stdin: Int32? = nil
            if index > 0 {
                stdin = links[index - 1].read
                owned.append(links[index - 1].read)
            }
            var stdout = run.stdoutWrite
            if index < count - 1 {
                stdout = links[index].write
                owned.append(links[index].write)
            }
            stages.append(prepare(command, stdin: stdin, stdout: stdout, stderr: run.stderrWrite, owned: owned))
        }
        return await withTaskGroup(of: (Int, Int32).self) { group in
            for (index, stage) in stages.enumerated() {
                group.addTask { (index, await self.runStage(stage, run: run)) }
            }
            var last: Int32 = 0
            for await (index, status) in group where index == count - 1 { last = status }
            return last
        }
    }

    /// Applies a command's redirections, in order, to its default descriptors.
    func prepare(
        _ command: ShellSimpleCommand, stdin: Int32?, stdout: Int32, stderr: Int32, owned: [Int32]
    ) -> ShellStage {
        var stage = ShellStage(command: command, fds: [-1, stdout, stderr], owned: owned, hasInput: stdin != nil)
        if let stdin {
            stage.fds[0] = stdin
        } else if let null = try? ShellExecutorIO.open("/dev/null", flags: O_RDONLY) {
            stage.fds[0] = null
            stage.owned.append(null)
        }
        for redirection in command.redirections {
            let descriptor = redirection.descriptor
            switch redirection.kind {
            case .duplicate:
                guard let source = Int(redirection.target), (0...2).contains(source) else {
                    stage.failure = "exec_shell: \(redirection.target): Bad file descriptor"
                    return stage
                }
                if (0...2).contains(descriptor) { stage.fds[descriptor] = stage.fds[source] }
            case .read, .write, .append:
                let flags: Int32 =
                    switch redirection.kind {
                    case .read: O_RDONLY
                    case .append: O_WRONLY | O_CREAT | O_APPEND
                    default: O_WRONLY | O_CREAT | O_TRUNC
                    }
                let fd: Int32
                do {
                    fd = try ShellExecutorIO.open(redirection.target, flags: flags)
                } catch {
                    stage.failure = "exec_shell: \(display(redirection.target)): \(error.message)"
                    return stage
                }
                stage.owned.append(fd)
                if (0...2).contains(descriptor) { stage.fds[descriptor] = fd }
                if descriptor == 0 { stage.hasInput = true }
            }
        }
        return stage
    }

    /// A path as the agent would write it: relative to the workspace when inside it.
    private func display(_ path: String) -> String {
        if path.hasPrefix(workspace + "/") { return String(path.dropFirst(workspace.count + 1)) }
        return path
    }

    /// Runs one stage and closes its descriptors.
    private func runStage(_ stage: ShellStage, run: ShellExecutorRun) async -> Int32 {
        if let failure = stage.failure {
            await ShellExecutorIO.writeAll(stage.fds[2], Data((failure + "\n").utf8))
            stage.owned.forEach(ShellExecutorIO.close)
            return 1
        }
        if stage.command.name == "kubectl" { return await runKubectl(stage) }
        guard let executable = locate(stage.command.name) else {
            await ShellExecutorIO.writeAll(stage.fds[2], Data("\(stage.command.name): command not found\n".utf8))
            stage.owned.forEach(ShellExecutorIO.close)
            return 127
        }
        return await runProcess(stage, executable: executable, run: run)
    }

    /// The built-in kubectl: reads its input (if piped or redirected), runs, writes its output.
    private func runKubectl(_ stage: ShellStage) async -> Int32 {
        var input: Data?
        if stage.hasInput { input = await ShellExecutorIO.readAll(stage.fds[0], cap: 64 << 20) }
        let result = await kubectl.run(stage.command.words, stdin: input)
        await ShellExecutorIO.writeAll(stage.fds[1], Data(result.stdout.utf8))
        await ShellExecutorIO.writeAll(stage.fds[2], Data(result.stderr.utf8))
        stage.owned.forEach(ShellExecutorIO.close)
        return result.exitCode
    }

    /// A real process in its own process group; the executor's descriptor copies are closed once it started.
    private func runProcess(_ stage: ShellStage, executable: String, run: ShellExecutorRun) async -> Int32 {
        var arguments = stage.command.arguments
        if stage.command.name == "curl" { arguments = ["-q", "--max-redirs", "0"] + arguments }
        // argv[0] is the bare name, so messages read `grep: …` rather than `/usr/bin/grep: …`.
        let argv = Arguments(executablePathOverride: stage.command.name, remainingValues: arguments)
        var options = PlatformOptions()
        options.processGroupID = 0
        options.teardownSequence = [
            .gracefulShutDown(toProcessGroup: true, allowedDurationToNextStep: .milliseconds(200))
        ]
        let environment = Environment.custom([
            "PATH": searchPath.joined(separator: ":"), "HOME": workspace, "LANG": "C.UTF-8",
        ])
        let owned = OwnedDescriptors(stage.owned)
        do {
            let result = try await Subprocess.run(
                .path(.init(executable)),
                arguments: argv,
                environment: environment,
                workingDirectory: .init(workspace),
                platformOptions: options,
                input: .fileDescriptor(.init(rawValue: stage.fds[0]), closeAfterSpawningProcess: false),
                output: .fileDescriptor(.init(rawValue: stage.fds[1]), closeAfterSpawningProcess: false),
                error: .fileDescriptor(.init(rawValue: stage.fds[2]), closeAfterSpawningProcess: false)
            ) { execution in
                let pid = execution.processIdentifier.value
                owned.closeAll()
                _ = run.register(group: pid)
            }
            run.finished(group: result.processIdentifier.value)
            switch result.terminationStatus {
            case .exited(let code): return code
            case .signaled(let signal): return 128 + signal
            }
        } catch {
            owned.closeAll()
            Self.logger.debug("exec_shell could not start \(executable): \(error)")
            await ShellExecutorIO.writeAll(stage.fds[2], Data("\(stage.command.name): cannot run: \(error)\n".utf8))
            return 126
        }
    }

    /// The absolute path of an executable file called `name` on the search path.
    func locate(_ name: String) -> String? {
        guard !name.isEmpty, !name.contains("/") else { return nil }
        for directory in searchPath {
            let candidate = directory + "/" + name
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue,
                FileManager.default.isExecutableFile(atPath: candidate)
            {
                return candidate
            }
        }
        return nil
    }
}

/// Descriptors closed exactly once, from whichever side gets there first.
private final class OwnedDescriptors: Sendable {
    private let fds: Mutex<[Int32]>

    init(_ fds: [Int32]) {
        self.fds = Mutex(fds)
    }

    func closeAll() {
        let list = fds.withLock { fds -> [Int32] in
            defer { fds = [] }
            return fds
        }
        list.forEach(ShellExecutorIO.close)
    }
}
