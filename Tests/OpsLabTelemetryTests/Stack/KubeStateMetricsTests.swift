import OpsLabCore
import OpsLabTelemetry
import Testing

@Suite("kube-state-metrics rendering")
struct KubeStateMetricsTests {
    static let crashingPod: JSONValue = [
        "metadata": [
            "name": "geo-7d9f-x2", "namespace": "hotel", "uid": "u-1",
            "ownerReferences": [["kind": "ReplicaSet", "name": "geo-7d9f", "controller": true]],
        ],
        "spec": ["nodeName": "opslab-worker", "containers": [["name": "hotel-reserv-geo", "image": "geo:latest"]]],
        "status": [
            "phase": "Running", "podIP": "127.9.1.7", "hostIP": "127.9.255.2",
            "conditions": [["type": "Ready", "status": "False"], ["type": "PodScheduled", "status": "True"]],
            "containerStatuses": [
                [
                    "name": "hotel-reserv-geo", "image": "docker.io/geo:latest", "imageID": "sha256:abc",
                    "containerID": "opslab://42", "ready": false, "restartCount": 3,
                    "state": ["waiting": ["reason": "CrashLoopBackOff", "message": "back-off"]],
                    "lastState": ["terminated": ["reason": "Error", "exitCode": 2]],
                ]
            ],
        ],
    ]

    static let pendingPod: JSONValue = [
        "metadata": ["name": "a-pending", "namespace": "hotel", "uid": "u-2"],
        "spec": ["containers": [["name": "c"]]],
        "status": ["phase": "Pending"],
    ]

    static let deployment: JSONValue = [
        "metadata": ["name": "geo", "namespace": "hotel", "generation": 2],
        "spec": ["replicas": 1],
        "status": ["replicas": 1, "updatedReplicas": 1, "unavailableReplicas": 1, "observedGeneration": 2],
    ]

    static let service: JSONValue = [
        "metadata": ["name": "geo", "namespace": "hotel", "uid": "s-1"],
        "spec": ["clusterIP": "127.9.0.5", "type": "ClusterIP"],
    ]

    static var text: String {
        KubeStateMetrics.render(pods: [crashingPod, pendingPod], deployments: [deployment], services: [service])
    }

    static func lines(_ prefix: String) -> [String] {
        text.split(separator: "\n").map(String.init).filter { $0.hasPrefix(prefix + "{") || $0.hasPrefix(prefix + " ") }
    }

    @Test("pod info, owner, phase and readiness use kube-state-metrics' labels and values")
    func podFamilies() {
        let pod = #"namespace="hotel",pod="geo-7d9f-x2",uid="u-1""#
        #expect(
            Self.lines("kube_pod_info") == [
                #"kube_pod_info{namespace="hotel",pod="a-pending",uid="u-2",host_ip="",pod_ip="",node="",created_by_kind="",created_by_name="",priority_class="",host_network="false"} 1"#,
                "kube_pod_info{\(pod),host_ip=\"127.9.255.2\",pod_ip=\"127.9.1.7\",node=\"opslab-worker\","
                    + #"created_by_kind="ReplicaSet",created_by_name="geo-7d9f",priority_class="",host_network="false"} 1"#,
            ])
        let phases = Self.lines("kube_pod_status_phase").filter { $0.contains("geo-7d9f-x2") }
        #expect(phases.count == 5)
        #expect(phases.contains("kube_pod_status_phase{\(pod),phase=\"Running\"} 1"))
        #expect(phases.contains("kube_pod_status_phase{\(pod),phase=\"Pending\"} 0"))
        #expect(
            Self.lines("kube_pod_status_ready") == [
                "kube_pod_status_ready{\(pod),condition=\"true\"} 0",
                "kube_pod_status_ready{\(pod),condition=\"false\"} 1",
                "kube_pod_status_ready{\(pod),condition=\"unknown\"} 0",
            ])
        #expect(
            Self.lines("kube_pod_owner").contains(
                "kube_pod_owner{\(pod),owner_kind=\"ReplicaSet\",owner_name=\"geo-7d9f\",owner_is_controller=\"true\"} 1"
            ))
    }

    @Test("container families report restarts, state and the current and last reasons")
    func containerFamilies() {
        let container = #"namespace="hotel",pod="geo-7d9f-x2",uid="u-1",container="hotel-reserv-geo""#
        #expect(
            Self.lines("kube_pod_container_status_restarts_total") == [
                "kube_pod_container_status_restarts_total{\(container)} 3"
            ])
        #expect(Self.lines("kube_pod_container_status_ready") == ["kube_pod_container_status_ready{\(container)} 0"])
        #expect(
            Self.lines("kube_pod_container_status_running") == ["kube_pod_container_status_running{\(container)} 0"])
        #expect(
            Self.lines("kube_pod_container_status_waiting") == ["kube_pod_container_status_waiting{\(container)} 1"])
        #expect(
            Self.lines("kube_pod_container_status_waiting_reason") == [
                "kube_pod_container_status_waiting_reason{\(container),reason=\"CrashLoopBackOff\"} 1"
            ])
        #expect(Self.lines("kube_pod_container_status_terminated_reason").isEmpty)
        #expect(
            Self.lines("kube_pod_container_status_last_terminated_reason") == [
                "kube_pod_container_status_last_terminated_reason{\(container),reason=\"Error\"} 1"
            ])
        #expect(
            Self.lines("kube_pod_container_status_last_terminated_exitcode") == [
                "kube_pod_container_status_last_terminated_exitcode{\(container)} 2"
            ])
        #expect(
            Self.lines("kube_pod_container_info") == [
                "kube_pod_container_info{\(container),image_spec=\"geo:latest\",image=\"docker.io/geo:latest\","
                    + #"image_id="sha256:abc",container_id="opslab://42"} 1"#
            ])
    }

    @Test("deployment and service families")
    func deploymentAndService() {
        let deployment = #"{namespace="hotel",deployment="geo"}"#
        #expect(Self.lines("kube_deployment_spec_replicas") == ["kube_deployment_spec_replicas\(deployment) 1"])
        #expect(Self.lines("kube_deployment_status_replicas") == ["kube_deployment_status_replicas\(deployment) 1"])
        #expect(
            Self.lines("kube_deployment_status_replicas_available") == [
                "kube_deployment_status_replicas_available\(deployment) 0"
            ])
        #expect(
            Self.lines("kube_deployment_status_replicas_unavailable") == [
                "kube_deployment_status_replicas_unavailable\(deployment) 1"
            ])
        #expect(
            Self.lines("kube_service_info") == [
                #"kube_service_info{namespace="hotel",service="geo",uid="s-1",cluster_ip="127.9.0.5",external_name="",load_balancer_ip=""} 1"#
            ])
    }

    @Test("every family has HELP and TYPE once, and label values are escaped")
    func formatAndEscaping() {
        let text = Self.text
        #expect(text.components(separatedBy: "# TYPE kube_pod_info gauge\n").count == 2)
        #expect(text.contains("# TYPE kube_pod_container_status_restarts_total counter\n"))
        let odd: JSONValue = [
            "metadata": ["name": "x", "namespace": "n", "uid": "u"],
            "spec": ["clusterIP": "a\"b\\c\nd"],
        ]
        let rendered = KubeStateMetrics.render(pods: [], deployments: [], services: [odd])
        #expect(rendered.contains(#"cluster_ip="a\"b\\c\nd""#))
        #expect(KubeStateMetrics.render(pods: [], deployments: [], services: []).contains("# HELP kube_pod_info"))
    }
}
