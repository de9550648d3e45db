import Foundation
import OpsLabCore
import Testing

@testable import OpsLabKube

@Suite("Printing: server-side tables")
struct PrintingTableTests {
    typealias F = PrintingFixtures

    func meta(_ name: String, namespace: String? = "ns", age: Double = 120) -> JSONValue {
        var metadata: JSONValue = ["name": .string(name), "creationTimestamp": F.timestamp(secondsAgo: age)]
        if let namespace { metadata["namespace"] = .string(namespace) }
        return metadata
    }

    func columnNames(_ type: ResourceType) -> [String] {
        TableGenerator.columns(for: type).map { $0.priority > 0 ? "*" + $0.name : $0.name }
    }

    @Test func columnDefinitions() {
        #expect(
            columnNames(.pods) == [
                "Name", "Ready", "Status", "Restarts", "Age", "*IP", "*Node", "*Nominated Node",
                "*Readiness Gates",
            ])
        #expect(
            columnNames(.deployments) == [
                "Name", "Ready", "Up-to-date", "Available", "Age", "*Containers",
                "*Images", "*Selector",
            ])
        #expect(
            columnNames(.replicaSets) == [
                "Name", "Desired", "Current", "Ready", "Age", "*Containers", "*Images",
                "*Selector",
            ])
        #expect(columnNames(.services) == ["Name", "Type", "Cluster-IP", "External-IP", "Port(s)", "Age", "*Selector"])
        #expect(columnNames(.endpoints) == ["Name", "Endpoints", "Age"])
        #expect(
            columnNames(.nodes) == [
                "Name", "Status", "Roles", "Age", "Version", "*Internal-IP", "*External-IP",
                "*OS-Image", "*Kernel-Version", "*Container-Runtime",
            ])
        #expect(
            columnNames(.events) == [
                "Last Seen", "Type", "Reason", "Object", "*Subobject", "*Source", "Message",
                "*First Seen", "*Count", "*Name",
            ])
        #expect(columnNames(.configMaps) == ["Name", "Data", "Age"])
        #expect(columnNames(.secrets) == ["Name", "Type", "Data", "Age"])
        #expect(columnNames(.namespaces) == ["Name", "Status", "Age"])
        let name = TableGenerator.columns(for: .pods)[0].json
        #expect(name["format"] == "name")
        #expect(name["type"] == "string")
        #expect(name["priority"] == 0)
        #expect(name["description"]?.stringValue?.hasPrefix("Name must be unique") == true)
        #expect(TableGenerator.columns(for: .replicaSets)[1].type == "integer")
    }

    @Test func tableEnvelopeAndObjectPolicies() throws {
        let pod = F.pod("p", statuses: [F.running()])
        let table = TableGenerator.table(
            for: .pods, objects: [pod], now: F.now, includeObject: .metadata,
            resourceVersion: "77")
        #expect(table["kind"] == "Table")
        #expect(table["apiVersion"] == "meta.k8s.io/v1")
        #expect(table[path: ["metadata", "resourceVersion"]] == "77")
        #expect(table["columnDefinitions"]?.arrayValue?.count == 9)
        let row = try #require(table["rows"]?[0])
        #expect(row["cells"]?.arrayValue?.count == 9)
        #expect(row[path: ["object", "kind"]] == "PartialObjectMetadata")
        #expect(row[path: ["object", "apiVersion"]] == "meta.k8s.io/v1")
        #expect(row[path: ["object", "metadata", "labels", "app"]] == "geo")
        #expect(row[path: ["object", "metadata", "managedFields"]] == nil)
        #expect(row[path: ["object", "spec"]] == nil)
        let full = TableGenerator.table(for: .pods, objects: [pod], now: F.now, includeObject: .object)
        #expect(full["rows"]?[0]?["object"] == pod)
        let none = TableGenerator.table(for: .pods, objects: [pod], now: F.now, includeObject: .none)
        #expect(none["rows"]?[0]?["object"] == nil)
        #expect(IncludeObjectPolicy(queryValue: "Object") == .object)
        #expect(IncludeObjectPolicy(queryValue: nil) == .metadata)
    }

    @Test func deploymentAndReplicaSetCells() {
        let template: JSONValue = [
            "spec": [
                "containers": [
                    ["name": "geo", "image": "geo:1"],
                    ["name": "side", "image": "envoy:2"],
                ]
            ]
        ]
        let deploy: JSONValue = [
            "metadata": meta("geo"),
            "spec": ["replicas": 1, "selector": ["matchLabels": ["io.kompose.service": "geo"]], "template": template],
            "status": ["updatedReplicas": 1],
        ]
        #expect(
            TableGenerator.cells(for: .deployments, object: deploy, now: F.now)
                == ["geo", "0/1", 1, 0, "2m", "geo,side", "geo:1,envoy:2", "io.kompose.service=geo"])
        let scaled: JSONValue = ["metadata": meta("x"), "spec": ["replicas": 0]]
        #expect(TableGenerator.cells(for: .deployments, object: scaled, now: F.now)[1] == "0/0")
        let rs: JSONValue = [
            "metadata": meta("geo-7d9f8c6b5d"),
            "spec": [
                "replicas": 2, "template": template,
                "selector": [
                    "matchLabels": ["app": "geo", "pod-template-hash": "7d9f8c6b5d"],
                    "matchExpressions": [
                        ["key": "tier", "operator": "In", "values": ["web", "api"]],
                        ["key": "canary", "operator": "DoesNotExist"],
                    ],
                ],
            ],
            "status": ["replicas": 2, "readyReplicas": 1],
        ]
        #expect(
            TableGenerator.cells(for: .replicaSets, object: rs, now: F.now)
                == [
                    "geo-7d9f8c6b5d", 2, 2, 1, "2m", "geo,side", "geo:1,envoy:2",
                    "app=geo,!canary,pod-template-hash=7d9f8c6b5d,tier in (api,web)",
                ])
    }

    @Test func serviceCells() {
        let svc: JSONValue = [
            "metadata": meta("frontend", age: 3_600 * 5),
            "spec": [
                "type": "ClusterIP", "clusterIP": "127.2.0.7", "clusterIPs": ["127.2.0.7"],
                "ports": [["port": 5000, "targetPort": 5000, "protocol": "TCP"], ["port": 53, "protocol": "UDP"]],
                "selector": ["io.kompose.service": "frontend"],
            ],
        ]
        #expect(
            TableGenerator.cells(for: .services, object: svc, now: F.now)
                == [
                    "frontend", "ClusterIP", "127.2.0.7", "<none>", "5000/TCP,53/UDP", "5h",
                    "io.kompose.service=frontend",
                ])
        let nodePort: JSONValue = [
            "metadata": meta("np"),
            "spec": [
                "type": "NodePort", "clusterIP": "None",
                "ports": [["port": 80, "nodePort": 30080]],
            ],
        ]
        #expect(
            TableGenerator.cells(for: .services, object: nodePort, now: F.now)
                == ["np", "NodePort", "None", "<none>", "80:30080/TCP", "2m", "<none>"])
        let lb: JSONValue = ["metadata": meta("lb"), "spec": ["type": "LoadBalancer", "clusterIP": "10.0.0.1"]]
        let lbCells = TableGenerator.cells(for: .services, object: lb, now: F.now)
        #expect(lbCells[3] == "<pending>")
        #expect(lbCells[4] == "<none>")
    }

    @Test func endpointsCells() {
        let many: JSONValue = [
            "metadata": meta("geo"),
            "subsets": [
                [
                    "addresses": [["ip": "10.0.0.1"], ["ip": "10.0.0.2"]],
                    "ports": [["port": 8083], ["port": 9090]],
                ]
            ],
        ]
        #expect(
            TableGenerator.cells(for: .endpoints, object: many, now: F.now)[1]
                == "10.0.0.1:8083,10.0.0.2:8083,10.0.0.1:9090 + 1 more...")
        let three: JSONValue = [
            "metadata": meta("x"),
            "subsets": [
                [
                    "addresses": [["ip": "10.0.0.1"]],
                    "ports": [["port": 80]],
                ]
            ],
        ]
        #expect(TableGenerator.cells(for: .endpoints, object: three, now: F.now)[1] == "10.0.0.1:80")
        let empty: JSONValue = [
            "metadata": meta("y"),
            "subsets": [
                [
                    "notReadyAddresses": [["ip": "10.0.0.9"]],
                    "ports": [["port": 80]],
                ]
            ],
        ]
        #expect(TableGenerator.cells(for: .endpoints, object: empty, now: F.now)[1] == "<none>")
        #expect(TableGenerator.cells(for: .endpoints, object: ["metadata": meta("z")], now: F.now)[1] == "<none>")
    }

    @Test func nodeCells() {
        let node: JSONValue = [
            "metadata": [
                "name": "kind-control-plane", "creationTimestamp": F.timestamp(secondsAgo: 86_400 * 3),
                "labels": ["node-role.kubernetes.io/control-plane": "", "kubernetes.io/hostname": "x"],
            ],
            "spec": ["unschedulable": true],
            "status": [
                "conditions": [["type": "MemoryPressure", "status": "False"], ["type": "Ready", "status": "True"]],
                "addresses": [["type": "InternalIP", "address": "127.1.0.2"], ["type": "Hostname", "address": "h"]],
                "nodeInfo": [
                    "kubeletVersion": "v1.32.1", "osImage": "Debian GNU/Linux 12 (bookworm)",
                    "kernelVersion": "6.1.0", "containerRuntimeVersion": "containerd://1.7.24",
                ],
            ],
        ]
        #expect(
            TableGenerator.cells(for: .nodes, object: node, now: F.now)
                == [
                    "kind-control-plane", "Ready,SchedulingDisabled", "control-plane", "3d", "v1.32.1", "127.1.0.2",
                    "<none>", "Debian GNU/Linux 12 (bookworm)", "6.1.0", "containerd://1.7.24",
                ])
        let bare: JSONValue = [
            "metadata": ["name": "w"],
            "status": ["conditions": [["type": "Ready", "status": "Unknown"]]],
        ]
        let bareCells = TableGenerator.cells(for: .nodes, object: bare, now: F.now)
        #expect(Array(bareCells[1...3]) == ["NotReady", "<none>", "<unknown>"])
        #expect(TableGenerator.cells(for: .nodes, object: ["metadata": ["name": "n"]], now: F.now)[1] == "Unknown")
    }

    @Test func eventCells() {
        let event: JSONValue = [
            "metadata": meta("geo-x.1a2b"),
            "involvedObject": ["kind": "Pod", "name": "geo-x", "fieldPath": "spec.containers{hotel-reserv-geo}"],
            "reason": "BackOff", "type": "Warning", "message": "Back-off restarting failed container\n",
            "source": ["component": "kubelet", "host": "kind-worker"],
            "firstTimestamp": F.timestamp(secondsAgo: 95), "lastTimestamp": F.timestamp(secondsAgo: 5), "count": 8,
        ]
        #expect(
            TableGenerator.cells(for: .events, object: event, now: F.now)
                == [
                    "5s", "Warning", "BackOff", "pod/geo-x", "spec.containers{hotel-reserv-geo}",
                    "kubelet, kind-worker",
                    "Back-off restarting failed container", "95s", 8, "geo-x.1a2b",
                ])
        let scheduler: JSONValue = [
            "metadata": meta("geo-x.2"), "involvedObject": ["kind": "Pod", "name": "geo-x"], "reason": "Scheduled",
            "type": "Normal", "message": "Successfully assigned ns/geo-x to kind-worker",
            "eventTime": "2026-01-02T15:08:00.123456Z", "reportingController": "default-scheduler",
            "reportingInstance": "default-scheduler-kind-control-plane",
        ]
        let cells = TableGenerator.cells(for: .events, object: scheduler, now: F.now)
        #expect(cells[0] == "119s")
        #expect(cells[5] == "default-scheduler, default-scheduler-kind-control-plane")
        #expect(cells[7] == "119s")
        #expect(cells[8] == 1)
        let series: JSONValue = [
            "metadata": meta("s"), "involvedObject": ["kind": "Node"],
            "series": ["count": 3, "lastObservedTime": "2026-01-02T15:09:50.000000Z"],
        ]
        let seriesCells = TableGenerator.cells(for: .events, object: series, now: F.now)
        #expect(seriesCells[0] == "10s")
        #expect(seriesCells[3] == "node")
        #expect(seriesCells[5] == "<unknown>")
        #expect(seriesCells[8] == 3)
    }

    @Test func configMapSecretNamespaceAndGenericCells() {
        let cm: JSONValue = [
            "metadata": meta("kube-root-ca.crt"), "data": ["ca.crt": "x"], "binaryData": ["b": "eA=="],
        ]
        #expect(TableGenerator.cells(for: .configMaps, object: cm, now: F.now) == ["kube-root-ca.crt", 2, "2m"])
        let secret: JSONValue = ["metadata": meta("db"), "type": "Opaque", "data": ["user": "YQ==", "pw": "Yg=="]]
        #expect(TableGenerator.cells(for: .secrets, object: secret, now: F.now) == ["db", "Opaque", 2, "2m"])
        let ns: JSONValue = [
            "metadata": meta("default", namespace: nil, age: 86_400 * 40),
            "status": ["phase": "Active"],
        ]
        #expect(TableGenerator.cells(for: .namespaces, object: ns, now: F.now) == ["default", "Active", "40d"])
        let crd = ResourceType(
            group: "chaos-mesh.org", version: "v1alpha1", kind: "PodChaos", plural: "podchaos",
            singular: "podchaos", namespaced: true)
        #expect(TableGenerator.columns(for: crd).map(\.name) == ["Name", "Age"])
        #expect(TableGenerator.cells(for: crd, object: ["metadata": meta("kill")], now: F.now) == ["kill", "2m"])
        #expect(TableGenerator.cells(for: crd, object: ["metadata": ["name": "n"]], now: F.now) == ["n", "<unknown>"])
    }
}
