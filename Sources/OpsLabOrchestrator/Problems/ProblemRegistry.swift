import Foundation
import OpsLabApps
import OpsLabCore
import OpsLabFaults

/// Every problem OpsLab can run, by AIOpsLab-style id.
///
/// Ids are the original's where the problem is the same (`revoke_auth_mongodb-{task}-1` for geo and `-2` for
/// rate, `user_unregistered_mongodb-…`, `noop_detection_hotel_reservation-1`); HotelReservation versions of the
/// original's SocialNetwork-only families follow the same pattern with a `_hotel_res` suffix
/// (`k8s_target_port-misconfig_hotel_res-…-1`, `scale_pod_zero_hotel_res-…-1`,
/// `assign_to_non_existent_node_hotel_res-…-1`), so an id never means a different problem than in AIOpsLab.
/// Every fault family has all four tasks; the no-fault control has detection only, as in the original.
public enum ProblemRegistry {
    /// The service targeted by the HotelReservation versions of the Kubernetes-object faults.
    public static let kubernetesFaultService = "user"

    /// Every problem, in listing order (family, variant, task). Each call builds fresh fault values.
    public static var all: [ProblemDefinition] {
        let hotel = AppCatalog.hotelReservation
        var problems: [ProblemDefinition] = []
        for service in MongoBackedService.allCases.sorted(by: { $0.variant < $1.variant }) {
            problems += allTasks("revoke_auth_mongodb", variant: service.variant, app: hotel) {
                RevokeAuthFault(service: service)
            }
        }
        for service in MongoBackedService.allCases.sorted(by: { $0.variant < $1.variant }) {
            problems += allTasks("user_unregistered_mongodb", variant: service.variant, app: hotel) {
                UserUnregisteredFault(service: service)
            }
        }
        problems += allTasks("k8s_target_port-misconfig_hotel_res", variant: 1, app: hotel) {
            TargetPortMisconfigFault(service: kubernetesFaultService)
        }
        problems += allTasks("scale_pod_zero_hotel_res", variant: 1, app: hotel) {
            ScaleToZeroFault(service: kubernetesFaultService)
        }
        problems += allTasks("assign_to_non_existent_node_hotel_res", variant: 1, app: hotel) {
            AssignNonExistentNodeFault(service: kubernetesFaultService)
        }
        problems += allTasks("misconfig_app_hotel_res", variant: 1, app: hotel) { MisconfigAppFault(service: "geo") }
        problems += allTasks("wrong_bin_usage", variant: 1, app: hotel) { WrongBinaryFault(service: "profile") }
        problems += chaosProblems(app: hotel)
        problems.append(
            ProblemDefinition(
                id: .noFault(task: .detection, app: "hotel_reservation"), app: hotel, task: .detection,
                fault: NoopFault()))
        return problems
    }

    /// Every id as text, in listing order.
    public static var ids: [String] { all.map(\.idText) }

    /// The problem of an id (surrounding whitespace ignored).
    /// - Throws: ``ProblemRegistryError`` naming the closest known ids when the id is unknown.
    public static func problem(_ id: String) throws(ProblemRegistryError) -> ProblemDefinition {
        let wanted = id.trimmingCharacters(in: .whitespacesAndNewlines)
        let problems = all
        if let match = problems.first(where: { $0.idText == wanted }) { return match }
        throw ProblemRegistryError(id: wanted, suggestions: closeMatches(wanted, in: problems.map(\.idText)))
    }

    /// The problems of an app (its name, display name or namespace; case and `_`/`-` ignored) and/or a task;
    /// `nil` matches everything.
    public static func filter(app: String? = nil, task: TaskKind? = nil) -> [ProblemDefinition] {
        all.filter { problem in
            if let task, problem.task != task { return false }
            if let app, !matches(app: app, problem.app) { return false }
            return true
        }
    }

    /// Known ids close to `id`, closest first: small edit distance, or containing `id` as a part.
    public static func closeMatches(_ id: String, in candidates: [String], limit: Int = 5) -> [String] {
        let wanted = id.lowercased()
        guard !wanted.isEmpty else { return [] }
        let threshold = max(3, wanted.count / 3)
        let scored: [(id: String, score: Int)] = candidates.compactMap { candidate in
            let lower = candidate.lowercased()
            let distance = editDistance(wanted, lower)
            if distance <= threshold { return (candidate, distance) }
            if wanted.count >= 3, lower.contains(wanted) { return (candidate, threshold + 1 + lower.count) }
            return nil
        }
        return scored.sorted { ($0.score, $0.id) < ($1.score, $1.id) }.prefix(limit).map(\.id)
    }

    /// Levenshtein distance between two strings, by characters.
    static func editDistance(_ lhs: String, _ rhs: String) -> Int {
        let left = Array(lhs)
        let right = Array(rhs)
        if left.isEmpty { return right.count }
        if right.isEmpty { return left.count }
        var previous = Array(0...right.count)
        var current = [Int](repeating: 0, count: right.count + 1)
        for (i, leftChar) in left.enumerated() {
            current[0] = i + 1
            for (j, rightChar) in right.enumerated() {
                let substitution = previous[j] + (leftChar == rightChar ? 0 : 1)
                current[j + 1] = min(substitution, previous[j + 1] + 1, current[j] + 1)
            }
            swap(&previous, &current)
        }
        return previous[right.count]
    }

    /// The Chaos Mesh PodChaos and NetworkChaos families, with AIOpsLab's ids and experiment names:
    /// - `pod_failure_hotel_res-{task}-1`: pod-failure on `user` for 100 s, all four tasks (the original has
    ///   detection and localization; analysis and mitigation — delete the failing pod so its ReplicaSet recreates
    ///   it from the template — are added in the same pattern).
    /// - `pod_kill_hotel_res-{detection,localization}-1`: the original's "pod kill", which is the same pod-failure
    ///   for 100 s under the experiment name `pod-kill`; its other tasks would duplicate pod_failure's.
    /// - `network_delay_hotel_res-{detection,localization,analysis}-1` and `network_loss_hotel_res-…-1`: AIOpsLab's
    ///   NetworkChaos `delay` (10 s, 200 s) and `loss` (99 %, 200 s) on `user`; the original has detection and
    ///   localization, analysis is added in the same pattern. No mitigation task: the original has none.
    /// - `container_kill-{detection,localization,analysis}` (no variant, as in the original): container-kill of
    ///   `hotel-reserv-geo`. A one-shot kill heals by itself once the kubelet restarts the container, so there is
    ///   no mitigation task. Its workload runs at 100 req/s, as the original's container_kill does.
    private static func chaosProblems(app: AppDefinition) -> [ProblemDefinition] {
        var problems = allTasks("pod_failure_hotel_res", variant: 1, app: app) {
            PodFailureFault(service: kubernetesFaultService)
        }
        for task in [TaskKind.detection, .localization] {
            problems.append(
                ProblemDefinition(
                    id: ProblemID(family: "pod_kill_hotel_res", task: task, variant: 1), app: app, task: task,
                    fault: PodFailureFault(
                        service: kubernetesFaultService, experimentName: "pod-kill", family: "pod_kill")))
        }
        for task in [TaskKind.detection, .localization, .analysis] {
            problems.append(
                ProblemDefinition(
                    id: ProblemID(family: "container_kill", task: task, variant: nil), app: app, task: task,
                    fault: ContainerKillFault(service: "geo", container: "hotel-reserv-geo")))
        }
        for task in [TaskKind.detection, .localization, .analysis] {
            problems.append(
                ProblemDefinition(
                    id: ProblemID(family: "network_loss_hotel_res", task: task, variant: 1), app: app, task: task,
                    fault: NetworkLossFault(service: kubernetesFaultService)))
        }
        for task in [TaskKind.detection, .localization, .analysis] {
            problems.append(
                ProblemDefinition(
                    id: ProblemID(family: "network_delay_hotel_res", task: task, variant: 1), app: app, task: task,
                    fault: NetworkDelayFault(service: kubernetesFaultService)))
        }
        return problems
    }

    private static func allTasks(
        _ family: String, variant: Int, app: AppDefinition, fault: () -> any Fault
    ) -> [ProblemDefinition] {
        TaskKind.allCases.map { task in
            ProblemDefinition(
                id: ProblemID(family: family, task: task, variant: variant), app: app, task: task, fault: fault())
        }
    }

    /// The known app that `text` names (its name, display name or namespace; case and `_`/`-` ignored).
    public static func app(matching text: String) -> AppDefinition? {
        AppCatalog.all.first { matches(app: text, $0) }
    }

    private static func matches(app text: String, _ app: AppDefinition) -> Bool {
        func normalize(_ value: String) -> String {
            value.lowercased().replacingOccurrences(of: "_", with: "-").replacingOccurrences(of: " ", with: "-")
        }
        let wanted = normalize(text.trimmingCharacters(in: .whitespacesAndNewlines))
        return [app.name, app.displayName, app.namespace].contains { normalize($0) == wanted }
    }
}
