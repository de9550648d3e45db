import Foundation
import OpsLabCore
import Testing

@testable import OpsLabKube

@Suite struct KubectlDescribeTests {
    static func runningPod(_ server: FakeAPIServer) -> JSONValue {
        var pod = KubectlFixtures.pod("geo-1", containers: ["geo", "sidecar"])
        pod[path: ["spec", "nodeName"]] = "kind-worker"
        pod[path: ["spec", "serviceAccountName"]] = "default"
        pod[path: ["spec", "containers"]] = [
            [
                "name": "geo", "image": "opslab/geo:1", "ports": [["containerPort": 8083, "protocol": "TCP"]],
                "env": [["name": "JAEGER_SAMPLE_RATIO", "value": "1"]],
                "readinessProbe": ["httpGet": ["path": "/health", "port": 8080]],
            ],
            ["name": "sidecar", "image": "busybox"],
        ]
        pod[path: ["metadata", "ownerReferences"]] = [
            [
                "kind": "ReplicaSet", "name": "geo-7d", "controller": true,
                "apiVersion": "apps/v1", "uid": "u",
            ]
        ]
        pod["status"] = [
            "phase": "Running", "hostIP": "172.18.0.3", "podIP": "10.244.1.7", "podIPs": [["ip": "10.244.1.7"]],
            "startTime": .string(KubeTime.rfc3339(server.now.addingTimeInterval(-120))),
            "conditions": [["type": "Ready", "status": "True"], ["type": "PodScheduled", "status": "True"]],
            "containerStatuses": [
                [
                    "name": "geo", "ready": true, "restartCount": 2, "containerID": "opslab://1", "imageID": "img",
                    "state": ["running": ["startedAt": .string(KubeTime.rfc3339(server.now.addingTimeInterval(-60)))]],
                    "lastState": ["terminated": ["exitCode": 2, "reason": "Error"]],
                ]
            ],
        ]
        return pod
    }

    @Test func describePodLayout() async throws {
        let server = FakeAPIServer()
        server.seed(Self.runningPod(server))
        server.seed([
            "apiVersion": "v1", "kind": "Event",
            "metadata": ["name": "e1", "namespace": "default"],
            "involvedObject": ["kind": "Pod", "name": "geo-1"], "type": "Warning", "reason": "BackOff",
            "message": "Back-off restarting failed container", "count": 8, "source": ["component": "kubelet"],
            "firstTimestamp": .string(KubeTime.rfc3339(server.now.addingTimeInterval(-95))),
            "lastTimestamp": .string(KubeTime.rfc3339(server.now.addingTimeInterval(-5))),
        ])
        let result = await KubectlFixtures.kubectl(server).run(["describe", "pod", "geo-1"])
        #expect(result.exitCode == 0)
        let text = result.stdout
        #expect(
            text.hasPrefix(
                "Name:             geo-1\nNamespace:        default\nService Account:  default\n"
                    + "Node:             kind-worker/172.18.0.3\n"))
        #expect(text.contains("Labels:           app=geo\nAnnotations:      <none>\nStatus:           Running\n"))
        #expect(text.contains("IPs:\n  IP:           10.244.1.7\nControlled By:  ReplicaSet/geo-7d\nContainers:\n"))
        #expect(text.contains("    Port:           8083/TCP\n"))
        #expect(text.contains("    Last State:     Terminated\n      Reason:       Error\n      Exit Code:    2\n"))
        #expect(
            text.contains(
                "    Readiness:      http-get http://:8080/health delay=0s timeout=1s period=10s "
                    + "#success=1 #failure=3\n"))
        #expect(text.contains("      JAEGER_SAMPLE_RATIO:  1\n"))
        #expect(text.contains("Conditions:\n  Type           Status\n  Ready          True \n"))
        // No volumes: "Volumes:\t<none>" joins the Conditions column block, exactly as Go's tabwriter does.
        #expect(text.contains("  PodScheduled   True \nVolumes:         <none>\nQoS Class:       BestEffort\n"))
        #expect(
            text.contains(
                "Events:\n  Type     Reason   Age               From     Message\n"
                    + "  ----     ------   ----              ----     -------\n"
                    + "  Warning  BackOff  5s (x8 over 95s)  kubelet  Back-off restarting failed container\n"))
        let eventRequest = server.requests.first { $0.path.contains("/events?") }
        #expect(eventRequest?.path.contains("fieldSelector=involvedObject.name%3Dgeo-1%2C") == true)
    }

    @Test func describeByPrefixAndMissing() async {
        let server = FakeAPIServer()
        server.seed(Self.runningPod(server))
        let kubectl = KubectlFixtures.kubectl(server)
        #expect(await kubectl.run(["describe", "pods", "geo"]).stdout.hasPrefix("Name:             geo-1\n"))
        let missing = await kubectl.run(["describe", "pod", "zzz"])
        #expect(missing.stderr == "Error from server (NotFound): pods \"zzz\" not found\n")
    }

    @Test func describeServiceShowsTargetPortAndEndpoints() async {
        let server = FakeAPIServer()
        server.seed([
            "apiVersion": "v1", "kind": "Service", "metadata": ["name": "geo", "namespace": "default"],
            "spec": [
                "type": "ClusterIP", "clusterIP": "10.96.0.5", "clusterIPs": ["10.96.0.5"],
                "selector": ["app": "geo"], "sessionAffinity": "None",
                "ports": [["port": 8083, "targetPort": 9999, "protocol": "TCP"]],
            ],
        ])
        server.seed([
            "apiVersion": "v1", "kind": "Endpoints", "metadata": ["name": "geo", "namespace": "default"],
            "subsets": [["addresses": [["ip": "10.244.1.9"]], "ports": [["port": 9999]]]],
        ])
        let text = await KubectlFixtures.kubectl(server).run(["describe", "svc", "geo"]).stdout
        #expect(
            text.contains(
                "Port:              <unset>  8083/TCP\nTargetPort:        9999/TCP\n"
                    + "Endpoints:         10.244.1.9:9999\n"))
        #expect(text.hasSuffix("Events:            <none>\n"))
    }

    @Test func describeDeploymentSummarizesReplicasAndTemplate() async {
        let server = FakeAPIServer()
        server.seed(KubectlFixtures.deployment("geo", replicas: 2))
        let text = await KubectlFixtures.kubectl(server).run(["describe", "deploy/geo"]).stdout
        #expect(
            text.contains("Replicas:               2 desired | 2 updated | 2 total | 2 available | 0 unavailable\n"))
        #expect(text.contains("RollingUpdateStrategy:  25% max unavailable, 25% max surge\n"))
        #expect(text.contains("Pod Template:\n  Labels:  app=geo\n  Containers:\n   geo:\n    Image:"))
        #expect(text.contains("  Tolerations:     <none>\nOldReplicaSets:    <none>\nNewReplicaSet:     <none>\n"))
    }

    @Test func logsDefaultsContainerAndPassesOptions() async throws {
        let server = FakeAPIServer()
        server.seed(KubectlFixtures.pod("geo-1", containers: ["geo", "sidecar"]))
        server.logs["geo-1"] = "hello\n"
        let kubectl = KubectlFixtures.kubectl(server)
        let result = await kubectl.run(["logs", "geo-1", "--tail", "5", "--previous", "--since=5m"])
        #expect(result.stdout == "hello\n")
        #expect(result.stderr == "Defaulted container \"geo\" out of: geo, sidecar\n")
        let request = try #require(server.requests.last)
        #expect(
            request.path == "/api/v1/namespaces/default/pods/geo-1/log?container=geo&previous=true&tailLines=5"
                + "&sinceSeconds=300")
        server.seed(KubectlFixtures.deployment("geo"))
        let viaDeployment = await kubectl.run(["logs", "deploy/geo", "-c", "sidecar"])
        #expect(viaDeployment.stdout == "hello\n")
        #expect(server.requests.last?.path.contains("container=sidecar") == true)
    }
}
