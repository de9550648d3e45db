import Foundation
import OpsLabCore
import Testing

@testable import OpsLabKube

@Suite struct KubectlGetTests {
    @Test func getPodsAsksForATableAndRendersIt() async throws {
        let server = FakeAPIServer()
        let table: JSONValue = [
            "kind": "Table", "apiVersion": "meta.k8s.io/v1",
            "columnDefinitions": [
                ["name": "Name", "type": "string", "format": "name", "priority": 0],
                ["name": "Ready", "type": "string", "format": "", "priority": 0],
                ["name": "Status", "type": "string", "format": "", "priority": 0],
                ["name": "IP", "type": "string", "format": "", "priority": 1],
            ],
            "rows": [["cells": ["geo-7d9f8c6b5d-x2k4p", "1/1", "Running", "10.0.0.1"]]],
        ]
        server.canned["/api/v1/namespaces/hotel/pods?limit=500"] = FakeAPIServer.json(table)
        let result = await KubectlFixtures.kubectl(server).run(["get", "pods", "-n", "hotel"])
        #expect(result.exitCode == 0)
        #expect(result.stdout == "NAME                   READY   STATUS\ngeo-7d9f8c6b5d-x2k4p   1/1     Running\n")
        let request = try #require(server.requests.last)
        #expect(request.headers.contains { $0.0 == "Accept" && $0.1 == KubeClient.tableAccept })
        let wide = await KubectlFixtures.kubectl(server).run(["get", "po", "-nhotel", "-o", "wide"])
        #expect(wide.stdout.hasPrefix("NAME                   READY   STATUS    IP\n"))
    }

    @Test func emptyNamespaceSaysNoResourcesOnStderr() async {
        let result = await KubectlFixtures.kubectl(FakeAPIServer()).run(["get", "pods", "-n", "empty"])
        #expect(result.exitCode == 0)
        #expect(result.stdout == "")
        #expect(result.stderr == "No resources found in empty namespace.\n")
    }

    @Test func severalKindsArePrefixedAndSeparated() async {
        let server = FakeAPIServer()
        server.seed(KubectlFixtures.pod("geo-1"))
        server.seed(KubectlFixtures.deployment("geo"))
        let result = await KubectlFixtures.kubectl(server).run(["get", "all"])
        #expect(result.stdout.contains("pod/geo-1"))
        #expect(result.stdout.contains("\n\nNAME "))
        #expect(result.stdout.contains("deployment.apps/geo"))
    }

    @Test func namedMissingObjectIsAServerError() async {
        let result = await KubectlFixtures.kubectl(FakeAPIServer()).run(["get", "deploy", "nope"])
        #expect(result.exitCode == 1)
        #expect(result.stderr == "Error from server (NotFound): deployments.apps \"nope\" not found\n")
    }

    @Test func unknownTypeIsReported() async {
        let result = await KubectlFixtures.kubectl(FakeAPIServer()).run(["get", "foo"])
        #expect(result.exitCode == 1)
        #expect(result.stderr == "error: the server doesn't have a resource type \"foo\"\n")
    }

    @Test func outputNameYamlAndJsonPath() async {
        let server = FakeAPIServer()
        server.seed(KubectlFixtures.pod("geo-1"))
        server.seed(KubectlFixtures.pod("geo-2"))
        let kubectl = KubectlFixtures.kubectl(server)
        #expect(await kubectl.run(["get", "pods", "-o", "name"]).stdout == "pod/geo-1\npod/geo-2\n")
        let yaml = await kubectl.run(["get", "pods", "-oyaml"]).stdout
        #expect(yaml.hasPrefix("apiVersion: v1\nitems:\n"))
        #expect(yaml.contains("kind: List"))
        let single = await kubectl.run(["get", "pod/geo-1", "-o", "yaml"]).stdout
        #expect(single.contains("kind: Pod") && !single.contains("kind: List"))
        let names = await kubectl.run(["get", "pods", "-o", "jsonpath={.items[*].metadata.name}"]).stdout
        #expect(names == "geo-1 geo-2")
    }

    @Test func sortByRequestsFullObjectsAndSorts() async {
        let server = FakeAPIServer()
        var first = KubectlFixtures.pod("a")
        first[path: ["metadata", "creationTimestamp"]] = "2025-01-02T00:00:00Z"
        var second = KubectlFixtures.pod("b")
        second[path: ["metadata", "creationTimestamp"]] = "2025-01-01T00:00:00Z"
        server.seed(first)
        server.seed(second)
        let result = await KubectlFixtures.kubectl(server).run(
            ["get", "pods", "--sort-by=.metadata.creationTimestamp", "--no-headers"])
        #expect(server.requests.last?.path.contains("includeObject=Object") == true)
        #expect(result.stdout.hasPrefix("b "))
    }

    @Test func allNamespacesAddsNamespaceColumnAndRejectsNames() async {
        let server = FakeAPIServer()
        server.seed(KubectlFixtures.pod("geo-1", namespace: "hotel"))
        let kubectl = KubectlFixtures.kubectl(server)
        let result = await kubectl.run(["get", "pods", "-A"])
        #expect(result.stdout.hasPrefix("NAMESPACE   NAME"))
        #expect(server.requests.last?.path.hasPrefix("/api/v1/pods?") == true)
        let named = await kubectl.run(["get", "pod", "x", "-A"])
        #expect(named.stderr == "error: a resource cannot be retrieved by name across all namespaces\n")
    }

    @Test func leadingKubectlWordAndGlobalFlagsBeforeTheVerb() async {
        let server = FakeAPIServer()
        server.seed(KubectlFixtures.pod("geo-1", namespace: "hotel"))
        let result = await KubectlFixtures.kubectl(server).run(["kubectl", "-n", "hotel", "get", "pods", "-o", "name"])
        #expect(result.stdout == "pod/geo-1\n")
    }

    @Test func unsupportedCommandsExitOne() async {
        let result = await KubectlFixtures.kubectl(FakeAPIServer()).run(["edit", "pod", "x"])
        #expect(result.exitCode == 1)
        #expect(
            result.stderr.hasPrefix("error: \"edit\" is not supported by opslab kubectl (supported: get, describe,"))
    }
}
