import Foundation
import Logging
import OpsLabCore
import OpsLabKube
import Testing

@testable import OpsLabCluster

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs the kubelet against a real store with real `opslab pod` processes.
@Suite("Kubelet live")
struct KubeletLiveTests {
    /// `<package>/.build/debug/opslab`, or `nil` when it has not been built.
    static let opslabBinary: String? = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let path = root.appendingPathComponent(".build/debug/opslab").path
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }()

    struct Harness {
        let context: ClusterContext
        let directory: String

        init(block: UInt8, executable: String) {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("kubelet-\(UUID())").path
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let configuration = ClusterConfiguration(
                stateDirectory: directory, block: block, nodeNames: ["node-a"], executablePath: executable
            )
            context = ClusterContext(
                store: ObjectStore(), configuration: configuration, logger: Logger(label: "test.kubelet")
            )
        }

        var store: ObjectStore { context.store }

        func createPod(_ name: String, image: String, readiness: Bool) async throws {
            _ = try? await store.create(.namespaces, ["metadata": ["name": "demo"]])
            var container: JSONValue = [
                "name": "web", "image": .string(image), "env": [["name": "PORT", "value": "8080"]],
            ]
            if readiness {
                container["readinessProbe"] = [
                    "httpGet": ["path": "/healthz", "port": 8080], "periodSeconds": 1,
                ]
            }
            try await store.create(
                .pods,
                [
                    "metadata": ["name": .string(name), "namespace": "demo"],
                    "spec": ["nodeName": "node-a", "terminationGracePeriodSeconds": 5, "containers": [container]],
                ]
            )
        }

        /// Polls the pod until `condition` holds; returns it.
        func waitFor(
            _ name: String, timeout: TimeInterval = 30, _ condition: (JSONValue) -> Bool
        ) async throws -> JSONValue {
            let deadline = Date().addingTimeInterval(timeout)
            while Date() < deadline {
                if let pod = await store.find(.pods, namespace: "demo", name: name), condition(pod) { return pod }
                try await Task.sleep(for: .milliseconds(100))
            }
            let last = await store.find(.pods, namespace: "demo", name: name)
            Issue.record("timed out waiting for pod \(name); last state: \(last?["status"]?.jsonString() ?? "gone")")
            throw CancellationError()
        }
    }

    static func isReady(_ pod: JSONValue) -> Bool {
        let conditions = pod[path: ["status", "conditions"]]?.arrayValue ?? []
        return conditions.contains { $0["type"]?.stringValue == "Ready" && $0["status"]?.stringValue == "True" }
    }

    static func container(_ pod: JSONValue) -> JSONValue? {
        pod[path: ["status", "containerStatuses"]]?[0]
    }

    @Test(.enabled(if: opslabBinary != nil, "build the opslab binary first: swift build --product opslab"))
    func runsRestartsAndDeletesEchoPod() async throws {
        let harness = Harness(block: 201, executable: Self.opslabBinary ?? "")
        defer { try? FileManager.default.removeItem(atPath: harness.directory) }
        try await harness.createPod("echo", image: "opslab/echo:1.0", readiness: true)
        let kubelet = Kubelet(context: harness.context, catalog: ImageCatalog())
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await kubelet.run() }
            defer { group.cancelAll() }

            let ready = try await harness.waitFor("echo") { Self.isReady($0) }
            #expect(ready[path: ["status", "phase"]]?.stringValue == "Running")
            #expect(ready[path: ["status", "hostIP"]]?.stringValue == "127.201.255.1", "the InternalIP of node-a")
            let podIP = try #require(ready[path: ["status", "podIP"]]?.stringValue)
            #expect(podIP.hasPrefix("127.201.1."))
            let containerID = Self.container(ready)?["containerID"]?.stringValue ?? ""
            #expect(containerID.hasPrefix("containerd://") && containerID.count == 13 + 64)

            let answer = try Self.httpGet(host: podIP, port: 8080, path: "/")
            #expect(answer.contains("200 OK"))
            #expect(answer.contains("hello from echo"))

            let pidLine = try String(contentsOfFile: harness.context.configuration.podPidsPath, encoding: .utf8)
            #expect(pidLine.contains("demo/echo/web"))
            let firstPID = try #require(Int32(pidLine.split(separator: " ").first ?? ""))
            #expect(kill(firstPID, SIGKILL) == 0)

            let restarted = try await harness.waitFor("echo") { pod in
                (Self.container(pod)?["restartCount"]?.intValue ?? 0) >= 1 && Self.isReady(pod)
            }
            #expect(Self.container(restarted)?[path: ["lastState", "terminated", "exitCode"]]?.intValue == 137)
            #expect(Self.container(restarted)?[path: ["lastState", "terminated", "reason"]]?.stringValue == "Error")

            let reader = PodLogReader(configuration: harness.context.configuration)
            let previous = try reader.read(
                namespace: "demo", pod: "echo", uid: restarted.uid, container: "web", previous: true
            )
            #expect(previous.contains("listening on \(podIP):8080"))
            #expect(previous.contains("GET / 200"))

            let events = await harness.store.list(.events, namespace: "demo").items
            let reasons = Set(events.compactMap { $0["reason"]?.stringValue })
            #expect(reasons.isSuperset(of: ["Pulled", "Created", "Started"]))
            #expect(events.allSatisfy { $0[path: ["source", "host"]]?.stringValue == "node-a" })

            let pids = try String(contentsOfFile: harness.context.configuration.podPidsPath, encoding: .utf8)
            let secondPID = try #require(Int32(pids.split(separator: " ").first ?? ""))
            #expect(secondPID != firstPID)
            let deleter = ObjectDeleter(store: harness.store, now: { Date() })
            try await deleter.delete(.pods, namespace: "demo", name: "echo")
            let deadline = Date().addingTimeInterval(15)
            while await harness.store.find(.pods, namespace: "demo", name: "echo") != nil, Date() < deadline {
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(await harness.store.find(.pods, namespace: "demo", name: "echo") == nil)
            try await Task.sleep(for: .milliseconds(200))
            #expect(kill(secondPID, 0) != 0, "the container process must be gone")
            let killing = await harness.store.list(.events, namespace: "demo").items.contains {
                $0["reason"]?.stringValue == "Killing" && $0["message"]?.stringValue == "Stopping container web"
            }
            #expect(killing)
        }
    }

    @Test func unknownImageReportsPullErrors() async throws {
        let harness = Harness(block: 202, executable: Self.opslabBinary ?? "/bin/false")
        defer { try? FileManager.default.removeItem(atPath: harness.directory) }
        try await harness.createPod("ghost", image: "opslab/nope:9", readiness: false)
        let kubelet = Kubelet(context: harness.context, catalog: ImageCatalog())
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await kubelet.run() }
            defer { group.cancelAll() }
            let pulling = try await harness.waitFor("ghost") { pod in
                Self.container(pod)?[path: ["state", "waiting", "reason"]]?.stringValue == "ErrImagePull"
            }
            #expect(pulling[path: ["status", "phase"]]?.stringValue == "Pending")
            _ = try await harness.waitFor("ghost") { pod in
                Self.container(pod)?[path: ["state", "waiting", "reason"]]?.stringValue == "ImagePullBackOff"
            }
            let messages = await harness.store.list(.events, namespace: "demo").items.compactMap {
                $0["message"]?.stringValue
            }
            #expect(
                messages.contains(
                    "Failed to pull image \"opslab/nope:9\": rpc error: code = NotFound desc = failed to pull and "
                        + "unpack image \"opslab/nope:9\": failed to resolve reference \"opslab/nope:9\": not found"
                ))
            #expect(messages.contains("Error: ErrImagePull"))
            #expect(messages.contains("Back-off pulling image \"opslab/nope:9\""))
        }
    }

    /// A plain-socket HTTP GET; returns the whole response.
    static func httpGet(host: String, port: UInt16, path: String) throws -> String {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        inet_pton(AF_INET, host, &address.sin_addr)
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
        let request = "GET \(path) HTTP/1.1\r\nHost: \(host)\r\nConnection: close\r\n\r\n"
        _ = request.withCString { send(fd, $0, strlen($0), 0) }
        var response = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count <= 0 { break }
            response.append(contentsOf: buffer[0..<count])
        }
        return String(decoding: response, as: UTF8.self)
    }
}
