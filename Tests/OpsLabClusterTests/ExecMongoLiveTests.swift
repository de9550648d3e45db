import Foundation
import Logging
import OpsLabApps
import OpsLabCluster
import OpsLabCore
import OpsLabKube
import Subprocess
import Testing

#if canImport(System)
import System
#else
import SystemPackage
#endif

/// `kubectl exec <mongodb pod> -- mongo …` on a cluster whose kubelet knows every built-in role.
@Suite("Live kubectl exec into mongodb", .serialized)
struct ExecMongoLiveTests {
    @Test("mongo --eval 'db.getUsers()' answers from the pod, through both kubectls")
    func mongoShell() async throws {
        guard let binary = LiveCluster.binaryPath else {
            throw LiveClusterError("the opslab binary is not built; run `swift build` first")
        }
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("opslab-exec-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let configuration = ClusterConfiguration(
            stateDirectory: directory, block: ClusterBlock.choose(stateDirectory: directory, apiPort: 6443),
            executablePath: binary, defaultGracePeriodSeconds: 2)
        var catalog = ImageCatalog()
        for (image, role) in Roles.images { catalog.register(image, role: role) }
        var logger = Logger(label: "test.exec.mongo")
        logger.logLevel = .warning
        let cluster = EmbeddedCluster(configuration: configuration, catalog: catalog, logger: logger)
        let task = Task { try await cluster.run() }
        defer { task.cancel() }
        var client: KubeClient?
        for _ in 0..<300 where client == nil {
            if let kubeconfig = try? Kubeconfig.load(path: configuration.kubeconfigPath),
                let transport = try? HTTPSTransport(kubeconfig: kubeconfig),
                (try? await transport.send(KubeRequest(method: "GET", path: "/version")))?.status == 200
            {
                client = KubeClient(transport: transport)
            } else {
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        let kubectl = Kubectl(client: try #require(client))
        let pod =
            "apiVersion: v1\nkind: Pod\nmetadata: {name: mongodb}\nspec:\n  containers:\n"
            + "  - {name: mongodb, image: \"mongo:4.4.6\"}\n"
        #expect(await kubectl.run(["apply", "-f", "-"], stdin: Data(pod.utf8)).exitCode == 0)
        var running = false
        for _ in 0..<300 where !running {
            let object = try? await kubectl.client.get(.pods, namespace: "default", name: "mongodb")
            running = object.map(isRunningAndReady) ?? false
            if !running { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(running)
        var result = KubectlResult(stdout: "", stderr: "", exitCode: -1)
        for _ in 0..<50 {
            // The store may still be binding its port just after the container started.
            result = await kubectl.run(["exec", "mongodb", "--", "mongo", "--quiet", "--eval", "db.getUsers()"])
            if result.exitCode == 0 { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout == "[ ]\n")
        let banner = await kubectl.run(["exec", "mongodb", "--", "mongo", "--eval", "db.getUsers()"])
        #expect(banner.stdout.hasPrefix("MongoDB shell version v4.4.6\n"))
        let piped = await kubectl.run(
            ["exec", "-i", "mongodb", "--", "mongo", "--quiet"], stdin: Data("show dbs\n".utf8))
        #expect(piped.stdout.contains("admin"), "\(piped.stderr)")
        if realKubectlPath != nil {
            let cache = directory + "/kubectl-cache"
            let real = try await Self.realKubectl(
                [
                    "--kubeconfig", configuration.kubeconfigPath, "--cache-dir", cache, "exec", "mongodb", "--",
                    "mongo",
                    "--quiet", "--eval", "db.getUsers()",
                ])
            #expect(real.exitCode == 0, "\(real.stderr)")
            #expect(real.stdout == "[ ]\n")
        }
        task.cancel()
        _ = await task.result
    }

    /// Runs real kubectl; returns exit code, stdout and stderr.
    static func realKubectl(_ arguments: [String]) async throws -> CLI.Output {
        let path = try #require(realKubectlPath)
        let result = try await Subprocess.run(
            .path(FilePath(path)), arguments: Arguments(arguments), output: .string(limit: 1 << 20),
            error: .string(limit: 1 << 20))
        var code: Int32 = -1
        if case .exited(let value) = result.terminationStatus { code = Int32(value) }
        return CLI.Output(exitCode: code, stdout: result.standardOutput, stderr: result.standardError)
    }
}
