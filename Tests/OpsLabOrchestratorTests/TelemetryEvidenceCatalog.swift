import Foundation
import OpsLabOrchestrator
import Testing

/// What an operator must find, through the agent actions, for each fault family of the registry (detection
/// task); the no-fault control must show none of it. See the table on ``TelemetryEvidenceLiveTests``.
struct FaultEvidence: Sendable, CustomTestStringConvertible {
    /// A `query_metrics` answer that must hold a series whose `label` starts with `prefix` (any series when
    /// `label` is empty).
    struct Metric: Sendable {
        var query: TelemetryEvidenceProbe.Query
        var label: String
        var prefix: String

        init(_ query: TelemetryEvidenceProbe.Query, _ label: String = "", _ prefix: String = "") {
            self.query = query
            self.label = label
            self.prefix = prefix
        }

        /// Whether an answer shows this evidence.
        func isShown(by answer: EvidenceQueryAnswer) -> Bool {
            answer.series.contains { label.isEmpty || ($0.labels[label] ?? "").hasPrefix(prefix) }
        }
    }

    /// Error spans of `service` whose operation contains `operation`, in traces of requests through the
    /// frontend.
    struct Span: Sendable {
        var service: String
        var operation: String
    }

    /// A `get_logs(namespace, service)` answer that must contain `text`.
    struct Log: Sendable {
        var service: String
        var text: String
    }

    var problemID: String
    var metrics: [Metric] = []
    var spans: [Span] = []
    var logs: [Log] = []
    /// Text the curl requests' output must contain (e.g. `HTTP 500`).
    var requests: [String] = []

    /// Whether this is the no-fault control.
    var isControl: Bool { problemID.hasPrefix("noop") }

    var testDescription: String { problemID }
}

extension FaultEvidence {
    /// The evidence of every detection problem of the registry, by id.
    static let all: [FaultEvidence] = [
        crashLoop(
            "revoke_auth_mongodb-detection-1", service: "geo", rpc: "/geo.Geo/Nearby", log: "not authorized on geo-db"),
        crashLoop(
            "revoke_auth_mongodb-detection-2", service: "rate", rpc: "/rate.Rate/GetRates",
            log: "not authorized on rate-db"),
        crashLoop(
            "user_unregistered_mongodb-detection-1", service: "geo", rpc: "/geo.Geo/Nearby",
            log: "Authentication failed"),
        crashLoop(
            "user_unregistered_mongodb-detection-2", service: "rate", rpc: "/rate.Rate/GetRates",
            log: "Authentication failed"),
        crashLoop(
            "misconfig_app_hotel_res-detection-1", service: "geo", rpc: "/geo.Geo/Nearby",
            log: "mongodb-geo:27777"),
        FaultEvidence(
            problemID: "wrong_bin_usage-detection-1",
            metrics: [
                Metric(.server5xx, "pod", "frontend-"), Metric(.frontend5xxRate),
                Metric(.clientFailures, "peer_service", "profile"),
            ],
            spans: [Span(service: "frontend", operation: "/profile.Profile/GetProfiles")],
            logs: [Log(service: "profile", text: "cmd/geo/"), Log(service: "frontend", text: "profile")],
            requests: ["hotels HTTP 500"]),
        userUnreachable("k8s_target_port-misconfig_hotel_res-detection-1"),
        userUnreachable(
            "scale_pod_zero_hotel_res-detection-1", extra: [Metric(.unavailable, "deployment", "user")], logs: []),
        FaultEvidence(
            problemID: "assign_to_non_existent_node_hotel_res-detection-1",
            metrics: [Metric(.pending, "pod", "user-")]),
        userUnreachable(
            "pod_failure_hotel_res-detection-1", extra: [Metric(.restarts, "pod", "user-")]),
        userUnreachable(
            "pod_kill_hotel_res-detection-1", extra: [Metric(.restarts, "pod", "user-")]),
        FaultEvidence(
            problemID: "container_kill-detection",
            metrics: [Metric(.restarts, "pod", "geo-"), Metric(.lastTerminated, "pod", "geo-")]),
        userUnreachable("network_loss_hotel_res-detection-1"),
        userUnreachable("network_delay_hotel_res-detection-1"),
        FaultEvidence(problemID: "noop_detection_hotel_reservation-1"),
    ]

    /// A service that exits at start and crash-loops (geo or rate): kube-state-metrics show the restarts and
    /// the empty Deployment, /hotels fails at the frontend, search's calls to the service are refused, the
    /// service's log names the cause.
    static func crashLoop(_ id: String, service: String, rpc: String, log: String) -> FaultEvidence {
        FaultEvidence(
            problemID: id,
            metrics: [
                Metric(.restarts, "pod", "\(service)-"), Metric(.waiting, "pod", "\(service)-"),
                Metric(.unavailable, "deployment", service), Metric(.server5xx, "pod", "frontend-"),
                Metric(.frontend5xxRate), Metric(.clientErrors, "peer_service", service),
            ],
            spans: [Span(service: "frontend", operation: "GET /hotels"), Span(service: "search", operation: rpc)],
            logs: [Log(service: service, text: log), Log(service: "frontend", text: rpc)],
            requests: ["hotels HTTP 500"])
    }

    /// Calls to `user` fail (no endpoint, wrong port, nothing listening, lost or late packets): the frontend's
    /// logins answer 500, its calls to user fail, and its log says so.
    static func userUnreachable(
        _ id: String, extra: [Metric] = [], logs: [Log] = [Log(service: "frontend", text: "/user.User/CheckUser")]
    ) -> FaultEvidence {
        FaultEvidence(
            problemID: id,
            metrics: extra + [
                Metric(.server5xx, "pod", "frontend-"), Metric(.clientFailures, "peer_service", "user"),
            ],
            spans: [Span(service: "frontend", operation: "/user.User/CheckUser")],
            logs: logs, requests: ["HTTP 500"])
    }
}
