import Foundation
import OpsLabCore
import OpsLabKube
import Testing

@testable import OpsLabCluster

@Suite("Kubelet values")
struct KubeletUnitTests {
    @Test func imageCatalogMatchesExactAndAnyTag() {
        var catalog = ImageCatalog()
        #expect(catalog.role(for: "opslab/echo:1.0") == "echo")
        #expect(catalog.role(for: "opslab/echo:2.7") == "echo")
        #expect(catalog.role(for: "docker.io/opslab/echo:1.0") == "echo")
        #expect(catalog.role(for: "opslab/echo") == "echo")
        #expect(catalog.role(for: "opslab/nope:1.0") == nil)
        catalog.register("registry.local:5000/hotel/geo:0.1", role: "geo")
        #expect(catalog.role(for: "registry.local:5000/hotel/geo:0.1") == "geo")
        #expect(catalog.role(for: "registry.local:5000/hotel/geo:0.2") == nil)
        catalog.register("mongo", role: "mongodb")
        #expect(catalog.role(for: "mongo:4.4.6") == "mongodb")
        #expect(catalog.role(for: "docker.io/library/mongo:5") == "mongodb")
        #expect(ImageCatalog.empty.role(for: "opslab/echo:1.0") == nil)
    }

    @Test func logRenderingHonoursTailSinceAndTimestamps() {
        let text = """
            2025-01-01T00:00:01.000000000Z stdout F first
            2025-01-01T00:00:05.500000000Z stderr F second
            2025-01-01T00:00:09.000000000Z stdout F third

            """
        #expect(PodLogReader.render(text, since: nil, tailLines: nil, timestamps: false) == "first\nsecond\nthird\n")
        #expect(PodLogReader.render(text, since: nil, tailLines: 1, timestamps: false) == "third\n")
        let cutoff = ISO8601Format.parse("2025-01-01T00:00:05Z")
        #expect(PodLogReader.render(text, since: cutoff, tailLines: nil, timestamps: false) == "second\nthird\n")
        #expect(
            PodLogReader.render(text, since: nil, tailLines: 1, timestamps: true)
                == "2025-01-01T00:00:09.000000000Z third\n"
        )
    }

    @Test func logReaderErrorsUseKubernetesWording() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kubelet-logs-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let configuration = ClusterConfiguration(stateDirectory: directory, block: 250, executablePath: "/bin/false")
        let reader = PodLogReader(configuration: configuration)
        #expect(throws: APIStatus.badRequest("container \"c\" in pod \"p\" is waiting to start: ContainerCreating")) {
            try reader.read(namespace: "ns", pod: "p", uid: "u", container: "c")
        }
        let path = Kubelet.logPath(
            configuration: configuration, namespace: "ns", pod: "p", uid: "u", container: "c", restart: 0
        )
        #expect(path == directory + "/logs/ns_p_u/c/0.log")
        ContainerLogFile(path: path).append("hello", stream: "stdout")
        #expect(try reader.read(namespace: "ns", pod: "p", uid: "u", container: "c") == "hello\n")
        #expect(throws: APIStatus.badRequest("previous terminated container \"c\" in pod \"p\" not found")) {
            try reader.read(namespace: "ns", pod: "p", uid: "u", container: "c", previous: true)
        }
    }

    @Test func environmentExpansionAndServiceLinks() {
        #expect(
            ContainerEnvironment.expand("http://$(HOST):$(PORT)/$$(X)", with: ["HOST": "a", "PORT": "1"])
                == "http://a:1/$(X)")
        let service: JSONValue = [
            "metadata": ["name": "user-db"],
            "spec": ["clusterIP": "127.9.0.4", "ports": [["name": "mongo", "port": 27017, "protocol": "TCP"]]],
        ]
        let variables = ContainerEnvironment.serviceVariables(service)
        #expect(variables["USER_DB_SERVICE_HOST"] == "127.9.0.4")
        #expect(variables["USER_DB_SERVICE_PORT"] == "27017")
        #expect(variables["USER_DB_SERVICE_PORT_MONGO"] == "27017")
        #expect(variables["USER_DB_PORT"] == "tcp://127.9.0.4:27017")
        let headless: JSONValue = ["metadata": ["name": "h"], "spec": ["clusterIP": "None"]]
        #expect(ContainerEnvironment.serviceVariables(headless).isEmpty)
    }

    @Test func statusRules() {
        var waiting = ContainerStatus(name: "a", image: "x")
        waiting.state = ContainerState(waiting: .init(reason: "ContainerCreating"))
        var running = ContainerStatus(name: "b", image: "x", ready: true)
        running.state = ContainerState(running: .init(startedAt: "t"))
        #expect(PodStatusBuilder.phase([waiting, running], finished: [false, false]) == "Pending")
        #expect(PodStatusBuilder.phase([running], finished: [false]) == "Running")
        var done = ContainerStatus(name: "c", image: "x")
        done.state = ContainerState(
            terminated: .init(exitCode: 0, reason: "Completed", startedAt: nil, finishedAt: nil)
        )
        #expect(PodStatusBuilder.phase([done], finished: [true]) == "Succeeded")
        done.state?.terminated?.exitCode = 2
        #expect(PodStatusBuilder.phase([done], finished: [true]) == "Failed")

        #expect(PodStatusBuilder.shouldRestart(policy: nil, exitCode: 0))
        #expect(!PodStatusBuilder.shouldRestart(policy: "OnFailure", exitCode: 0))
        #expect(PodStatusBuilder.shouldRestart(policy: "OnFailure", exitCode: 1))
        #expect(!PodStatusBuilder.shouldRestart(policy: "Never", exitCode: 1))

        let oom = PodStatusBuilder.terminated(
            ContainerExit(exitCode: 137, signal: 9), oomKilled: true, startedAt: nil, finishedAt: "t", containerID: nil
        )
        #expect(oom.reason == "OOMKilled" && oom.exitCode == 137)

        let previous = [PodCondition(type: "Ready", status: "False", lastTransitionTime: "old")]
        let conditions = PodStatusBuilder.conditions(
            statuses: [waiting, running], sandboxReady: true, previous: previous, now: "new"
        )
        let ready = conditions.first { $0.type == "Ready" }
        #expect(ready?.status == "False" && ready?.lastTransitionTime == "old")
        #expect(ready?.message == "containers with unready status: [a]")
        #expect(
            conditions.map(\.type) == [
                "PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled",
            ])
    }

    @Test func qosClasses() throws {
        func container(_ resources: JSONValue?) throws -> Container {
            var json: JSONValue = ["name": "c"]
            if let resources { json["resources"] = resources }
            return try json.decode(Container.self)
        }
        #expect(PodStatusBuilder.qosClass([try container(nil)]) == "BestEffort")
        let equal: JSONValue = ["limits": ["cpu": "1", "memory": "64Mi"], "requests": ["cpu": "1", "memory": "64Mi"]]
        #expect(PodStatusBuilder.qosClass([try container(equal)]) == "Guaranteed")
        #expect(PodStatusBuilder.qosClass([try container(["requests": ["cpu": "100m"]])]) == "Burstable")
    }

    @Test func reapOrphansSparesProcessesThatAreNotPods() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kubelet-reap-\(UUID())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let configuration = ClusterConfiguration(stateDirectory: directory, block: 251, executablePath: "/bin/false")
        let me = ProcessInfo.processInfo.processIdentifier
        try "\(me) \(me) demo/p/c\n".write(toFile: configuration.podPidsPath, atomically: true, encoding: .utf8)
        #expect(Kubelet.reapOrphans(configuration: configuration) == 0)
        #expect(!FileManager.default.fileExists(atPath: configuration.podPidsPath))
    }
}
