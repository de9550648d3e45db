import Foundation
import OpsLabCore
import Testing

@testable import OpsLabKube

@Suite struct KubectlMutateTests {
    static let manifest = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: geo
          labels:
            tier: backend
        spec:
          replicas: 2
          paused: false
          selector:
            matchLabels:
              app: geo
          template:
            metadata:
              labels:
                app: geo
            spec:
              containers:
              - name: geo
                image: opslab/geo:1
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: geo
        spec:
          ports:
          - port: 8083
            targetPort: 8083
        """

    @Test func manifestsKeepIntegersAndBooleans() throws {
        let manifests = try ManifestLoader.parse(Self.manifest, source: "geo.yaml")
        #expect(manifests.count == 2)
        #expect(manifests[0].object[path: ["spec", "replicas"]] == .int(2))
        #expect(manifests[0].object[path: ["spec", "paused"]] == .bool(false))
        #expect(manifests[1].object[path: ["spec", "ports"]]?[0]?["port"] == .int(8083))
    }

    @Test func applyCreatesThenIsUnchangedThenConfigures() async throws {
        let server = FakeAPIServer()
        let kubectl = KubectlFixtures.kubectl(server, files: ["geo.yaml": Self.manifest])
        let created = await kubectl.run(["apply", "-f", "geo.yaml"])
        #expect(created.stdout == "deployment.apps/geo created\nservice/geo created\n")
        #expect(created.exitCode == 0)
        let stored = try #require(server.object(.deployments, "default", "geo"))
        let lastApplied = try #require(stored.annotations[Kubectl.lastAppliedAnnotation])
        #expect(lastApplied.hasSuffix("\n"))
        #expect(lastApplied.contains("\"namespace\":\"default\""))
        #expect(server.requests.contains { $0.method == "POST" && $0.path.contains("fieldValidation=Strict") })

        let again = await kubectl.run(["apply", "-f", "geo.yaml"])
        #expect(again.stdout == "deployment.apps/geo unchanged\nservice/geo unchanged\n")

        let changed = Self.manifest.replacingOccurrences(of: "replicas: 2", with: "replicas: 3")
            .replacingOccurrences(of: "  labels:\n    tier: backend\n", with: "")
        let updated = await kubectl.run(["apply", "-f", "-"], stdin: Data(changed.utf8))
        #expect(updated.stdout == "deployment.apps/geo configured\nservice/geo unchanged\n")
        let after = try #require(server.object(.deployments, "default", "geo"))
        #expect(after[path: ["spec", "replicas"]] == .int(3))
        #expect(after.labels["tier"] == nil)
    }

    @Test func applyRejectsMismatchedNamespace() async {
        let text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: a\n"
        let result = await KubectlFixtures.kubectl(FakeAPIServer()).run(
            ["apply", "-n", "b", "-f", "-"],
            stdin: Data(text.utf8))
        #expect(result.exitCode == 1)
        #expect(
            result.stderr.contains("the namespace from the provided object \"a\" does not match the namespace \"b\""))
    }

    @Test func createReportsAlreadyExists() async {
        let server = FakeAPIServer()
        let kubectl = KubectlFixtures.kubectl(server)
        #expect(await kubectl.run(["create", "namespace", "hotel"]).stdout == "namespace/hotel created\n")
        let again = await kubectl.run(["create", "ns", "hotel"])
        #expect(again.exitCode == 1)
        #expect(again.stderr == "Error from server (AlreadyExists): namespaces \"hotel\" already exists\n")
    }

    @Test func deletePrintsAndWaitsUntilGone() async {
        let server = FakeAPIServer()
        server.seed(KubectlFixtures.pod("geo-1"))
        server.lingeringGets = 2
        let kubectl = KubectlFixtures.kubectl(server)
        let first = await kubectl.run(["delete", "pod", "geo-1"])
        #expect(first.stdout == "pod \"geo-1\" deleted\n")
        #expect(first.exitCode == 0)
        let polls = server.requests.filter { $0.method == "GET" && $0.path.hasSuffix("/pods/geo-1") }
        #expect(polls.count == 3)
        #expect(server.object(.pods, "default", "geo-1") == nil)
        let missing = await kubectl.run(["delete", "pod/geo-1"])
        #expect(missing.stderr == "Error from server (NotFound): pods \"geo-1\" not found\n")
        #expect(missing.exitCode == 1)
        server.seed(KubectlFixtures.pod("geo-2"))
        server.lingeringGets = 1_000_000
        let timedOut = await kubectl.run(["delete", "pod", "geo-2", "--timeout=1s"])
        #expect(timedOut.stdout == "pod \"geo-2\" deleted\n")
        #expect(timedOut.stderr == "error: timed out waiting for the condition on pods/geo-2\n")
        server.seed(KubectlFixtures.pod("geo-3"))
        let noWait = await kubectl.run(["delete", "pod", "geo-3", "--wait=false"])
        #expect(noWait.exitCode == 0)
        #expect(server.requests.last?.method == "DELETE")
    }

    @Test func deleteBySelectorAndTimeout() async {
        let server = FakeAPIServer()
        server.seed(KubectlFixtures.pod("geo-1"))
        server.seed(KubectlFixtures.pod("other", labels: ["app": "other"]))
        let kubectl = KubectlFixtures.kubectl(server)
        let result = await kubectl.run(["delete", "pods", "-l", "app=geo"])
        #expect(result.stdout == "pod \"geo-1\" deleted\n")
        #expect(server.object(.pods, "default", "other") != nil)
        let none = await kubectl.run(["delete", "pods", "-l", "app=none"])
        #expect(none.stderr == "No resources found\n")
    }

    @Test func scalePatchesTheScaleSubresource() async throws {
        let server = FakeAPIServer()
        server.seed(KubectlFixtures.deployment("geo"))
        let result = await KubectlFixtures.kubectl(server).run(["scale", "deploy/geo", "--replicas=3"])
        #expect(result.stdout == "deployment.apps/geo scaled\n")
        let request = try #require(server.requests.last)
        #expect(request.method == "PATCH")
        #expect(request.path == "/apis/apps/v1/namespaces/default/deployments/geo/scale")
        #expect(request.headers.contains { $0 == ("Content-Type", "application/merge-patch+json") })
        #expect(server.object(.deployments, "default", "geo")?[path: ["spec", "replicas"]] == .int(3))
        let missing = await KubectlFixtures.kubectl(server).run(["scale", "deploy/geo"])
        #expect(missing.stderr == "error: required flag(s) \"replicas\" not set\n")
    }

    @Test func patchReportsChangeOrNoChange() async {
        let server = FakeAPIServer()
        server.seed(KubectlFixtures.deployment("geo"))
        let kubectl = KubectlFixtures.kubectl(server)
        let patch = #"{"spec":{"replicas":5}}"#
        #expect(
            await kubectl.run(["patch", "deployment", "geo", "-p", patch, "--type", "merge"]).stdout
                == "deployment.apps/geo patched\n")
        #expect(
            await kubectl.run(["patch", "deployment", "geo", "-p", patch, "--type=merge"]).stdout
                == "deployment.apps/geo patched (no change)\n")
        let json = #"[{"op":"replace","path":"/spec/replicas","value":1}]"#
        #expect(
            await kubectl.run(["patch", "deploy/geo", "--type", "json", "-p", json]).stdout
                == "deployment.apps/geo patched\n")
        let bad = await kubectl.run(["patch", "deploy/geo", "--type", "json", "-p", #"{"a":1}"#])
        #expect(bad.exitCode == 1)
    }

    @Test func setEnvAddsUpdatesAndRemoves() async throws {
        let server = FakeAPIServer()
        server.seed(KubectlFixtures.deployment("geo"))
        let kubectl = KubectlFixtures.kubectl(server)
        let result = await kubectl.run(["set", "env", "deploy/geo", "B=2", "A-"])
        #expect(result.stdout == "deployment.apps/geo env updated\n")
        let env = server.object(.deployments, "default", "geo")?[path: ["spec", "template", "spec", "containers"]]?[0]?[
            "env"]
        #expect(env == [["name": "B", "value": "2"]])
        let image = await kubectl.run(["set", "image", "deployment/geo", "geo=opslab/geo:2"])
        #expect(image.stdout == "deployment.apps/geo image updated\n")
        let stored = server.object(.deployments, "default", "geo")
        #expect(stored?[path: ["spec", "template", "spec", "containers"]]?[0]?["image"] == "opslab/geo:2")
        let wrong = await kubectl.run(["set", "image", "deployment/geo", "nope=x"])
        #expect(wrong.stderr == "error: unable to find container named \"nope\"\n")
    }

    @Test func labelRefusesToOverwriteWithoutFlag() async {
        let server = FakeAPIServer()
        server.seed(KubectlFixtures.pod("geo-1"))
        let kubectl = KubectlFixtures.kubectl(server)
        let refused = await kubectl.run(["label", "pod", "geo-1", "app=other"])
        #expect(refused.exitCode == 1)
        #expect(refused.stderr == "error: 'app' already has a value (geo), and --overwrite is false\n")
        #expect(
            await kubectl.run(["label", "pod", "geo-1", "app=other", "--overwrite"]).stdout == "pod/geo-1 labeled\n")
        #expect(server.object(.pods, "default", "geo-1")?.labels["app"] == "other")
        #expect(await kubectl.run(["label", "pod/geo-1", "app-"]).stdout == "pod/geo-1 unlabeled\n")
        #expect(server.object(.pods, "default", "geo-1")?.labels["app"] == nil)
        #expect(await kubectl.run(["annotate", "pod", "geo-1", "note=hi"]).stdout == "pod/geo-1 annotated\n")
        #expect(await kubectl.run(["annotate", "pod", "geo-1", "note=hi"]).stdout == "pod/geo-1 not annotated\n")
    }

    @Test func rolloutRestartAndStatus() async throws {
        let server = FakeAPIServer()
        server.seed(KubectlFixtures.deployment("geo", replicas: 2))
        let kubectl = KubectlFixtures.kubectl(server)
        #expect(await kubectl.run(["rollout", "restart", "deploy/geo"]).stdout == "deployment.apps/geo restarted\n")
        let stamp = server.object(.deployments, "default", "geo")?[
            path: ["spec", "template", "metadata", "annotations", "kubectl.kubernetes.io/restartedAt"]]
        #expect(stamp == .string(KubeTime.rfc3339(server.now)))
        let status = await kubectl.run(["rollout", "status", "deployment/geo"])
        #expect(status.stdout == "deployment \"geo\" successfully rolled out\n")
        var waiting = KubectlFixtures.deployment("geo", replicas: 2)
        waiting[path: ["status", "availableReplicas"]] = 1
        #expect(
            try Kubectl.deploymentStatus(waiting).message
                == "Waiting for deployment \"geo\" rollout to finish: 1 of 2 updated replicas are available...")
        server.seed(waiting)
        let timedOut = await kubectl.run(["rollout", "status", "deploy/geo", "--timeout=1s"])
        #expect(timedOut.exitCode == 1)
        #expect(timedOut.stderr == "error: timed out waiting for the condition\n")
    }
}
