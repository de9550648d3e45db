import Foundation
import OpsLabCore
import OpsLabKube
import Testing

@testable import OpsLabCluster

@Suite("EndpointsController")
struct EndpointsControllerTests {
    static func service(
        _ name: String = "web", selector: [String: String]? = ["app": "web"], ports: [JSONValue] = [["port": 80]]
    ) -> JSONValue {
        var service: JSONValue = [
            "metadata": ["name": .string(name), "namespace": "default", "labels": ["tier": "front"]],
            "spec": ["ports": .array(ports), "clusterIP": "127.203.0.9"],
        ]
        if let selector { service[path: ["spec", "selector"]] = .object(selector.mapValues(JSONValue.string)) }
        return service
    }

    static func pod(
        _ name: String, ip: String?, ready: Bool, labels: [String: String] = ["app": "web"],
        ports: [JSONValue] = [], terminating: Bool = false
    ) -> JSONValue {
        var pod: JSONValue = [
            "metadata": ["name": .string(name), "namespace": "default", "uid": .string("uid-\(name)")],
            "spec": ["nodeName": "opslab-worker", "containers": [["name": "main", "ports": .array(ports)]]],
            "status": [
                "phase": "Running",
                "conditions": [["type": "Ready", "status": ready ? "True" : "False"]],
            ],
        ]
        pod.labels = labels
        if let ip { pod[path: ["status", "podIP"]] = .string(ip) }
        if terminating { pod[path: ["metadata", "deletionTimestamp"]] = "2025-01-01T00:00:00Z" }
        return pod
    }

    @Test("ready pods go to addresses, not-ready to notReadyAddresses; no IP, terminating or unmatched are left out")
    func readiness() throws {
        let pods = [
            Self.pod("b", ip: "127.203.1.2", ready: true),
            Self.pod("a", ip: "127.203.1.1", ready: true),
            Self.pod("c", ip: "127.203.1.3", ready: false),
            Self.pod("d", ip: nil, ready: true),
            Self.pod("e", ip: "127.203.1.5", ready: true, terminating: true),
            Self.pod("f", ip: "127.203.1.6", ready: true, labels: ["app": "db"]),
        ]
        let subsets = EndpointsController.desiredSubsets(service: Self.service(), pods: pods)
        #expect(subsets.count == 1)
        let subset = try #require(subsets.first)
        #expect(
            subset["addresses"]?.arrayValue?.compactMap { $0["ip"]?.stringValue } == ["127.203.1.1", "127.203.1.2"])
        #expect(subset["notReadyAddresses"]?.arrayValue?.compactMap { $0["ip"]?.stringValue } == ["127.203.1.3"])
        #expect(subset["ports"] == [["port": 80, "protocol": "TCP"]])
        let first = subset["addresses"]?[0]
        #expect(first?["nodeName"] == "opslab-worker")
        #expect(first?["targetRef"] == ["kind": "Pod", "namespace": "default", "name": "a", "uid": "uid-a"])
    }

    @Test("named targetPort resolves per pod; pods without that port are left out; numbers pass through")
    func namedTargetPort() throws {
        let service = Self.service(ports: [
            ["name": "http", "port": 80, "targetPort": "web"], ["name": "admin", "port": 9000, "targetPort": 9001],
        ])
        let pods = [
            Self.pod("a", ip: "127.203.1.1", ready: true, ports: [["name": "web", "containerPort": 8080]]),
            Self.pod("b", ip: "127.203.1.2", ready: true, ports: [["name": "web", "containerPort": 8081]]),
            Self.pod("c", ip: "127.203.1.3", ready: true),
        ]
        let subsets = EndpointsController.desiredSubsets(service: service, pods: pods)
        #expect(subsets.count == 3)
        let byIP = Dictionary(
            uniqueKeysWithValues: subsets.map { ($0["addresses"]?[0]?["ip"]?.stringValue ?? "", $0["ports"]) }
        )
        #expect(
            byIP["127.203.1.1"] == [
                ["name": "http", "port": 8080, "protocol": "TCP"], ["name": "admin", "port": 9001, "protocol": "TCP"],
            ]
        )
        #expect(byIP["127.203.1.2"]??[0]?["port"] == 8081)
        #expect(byIP["127.203.1.3"] == [["name": "admin", "port": 9001, "protocol": "TCP"]])
    }

    @Test("default targetPort is the port; no selector means no Endpoints; labels are copied")
    func defaults() throws {
        #expect(EndpointsController.desiredEndpoints(service: Self.service(selector: nil), pods: []) == nil)
        let endpoints = try #require(EndpointsController.desiredEndpoints(service: Self.service(), pods: []))
        #expect(endpoints.labels == ["tier": "front"])
        #expect(endpoints["subsets"] == nil)
        #expect(endpoints.name == "web")
    }

    @Test("live: creates, updates and deletes Endpoints as pods and services change", .timeLimit(.minutes(1)))
    func live() async throws {
        let context = try SchedulerTests.makeContext(block: 203)
        defer { try? FileManager.default.removeItem(atPath: context.configuration.stateDirectory) }
        let store = context.store
        try await store.create(.namespaces, ["metadata": ["name": "default"]])
        try await store.create(.services, Self.service())
        try await store.create(.services, Self.service("manual", selector: nil))
        try await store.create(.pods, Self.pod("a", ip: "127.203.1.1", ready: false))

        let controller = EndpointsController(context: context)
        let task = Task { try await controller.run() }
        defer { task.cancel() }

        let notReady = try await SchedulerTests.eventually {
            await store.find(.endpoints, namespace: "default", name: "web")?["subsets"]?[0]?["notReadyAddresses"]
        }
        #expect(notReady.arrayValue?.count == 1)
        #expect(await store.find(.endpoints, namespace: "default", name: "manual") == nil)

        let started = Date()
        try await store.mutate(.pods, namespace: "default", name: "a") { pod in
            pod[path: ["status", "conditions"]] = [["type": "Ready", "status": "True"]]
        }
        let ready = try await SchedulerTests.eventually {
            await store.find(.endpoints, namespace: "default", name: "web")?["subsets"]?[0]?["addresses"]
        }
        #expect(ready[0]?["ip"] == "127.203.1.1")
        #expect(Date().timeIntervalSince(started) < 1)

        try await store.remove(.pods, namespace: "default", name: "a")
        _ = try await SchedulerTests.eventually { () -> Bool? in
            let endpoints = await store.find(.endpoints, namespace: "default", name: "web")
            return endpoints != nil && endpoints?["subsets"] == nil ? true : nil
        }

        try await store.remove(.services, namespace: "default", name: "web")
        _ = try await SchedulerTests.eventually { () -> Bool? in
            await store.find(.endpoints, namespace: "default", name: "web") == nil ? true : nil
        }
    }
}
