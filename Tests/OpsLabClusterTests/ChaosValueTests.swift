import Foundation
import OpsLabCore
import OpsLabKube
import Testing

@testable import OpsLabCluster

/// PodChaos as values: durations, spec validation, selection, modes, status and pod-failure's pod edits.
@Suite("Chaos values")
struct ChaosValueTests {
    static func pod(
        _ name: String, namespace: String = "ns", labels: [String: String] = ["app": "a"],
        phase: String = "Running", containers: [String] = ["main"]
    ) -> JSONValue {
        [
            "metadata": [
                "name": .string(name), "namespace": .string(namespace),
                "labels": .object(labels.mapValues(JSONValue.string)),
            ],
            "spec": [
                "nodeName": "node-1",
                "containers": .array(containers.map { ["name": .string($0), "image": .string("img/\($0):1")] }),
            ],
            "status": ["phase": .string(phase)],
        ]
    }

    static func chaos(_ spec: JSONValue) -> JSONValue {
        ["metadata": ["name": "exp", "namespace": "ns"], "spec": spec]
    }

    @Test func goDurations() throws {
        #expect(try ChaosDuration.parse("100s") == 100)
        #expect(try ChaosDuration.parse("300ms") == 0.3)
        #expect(try ChaosDuration.parse("2h45m") == 9900)
        #expect(try ChaosDuration.parse("1.5m") == 90)
        #expect(try ChaosDuration.parse("0") == 0)
        #expect(try ChaosDuration.parse("-1s") == -1)
        #expect(throws: ChaosError.self) { try ChaosDuration.parse("10") }
        #expect(throws: ChaosError.self) { try ChaosDuration.parse("10d") }
        #expect(throws: ChaosError.self) { try ChaosDuration.parse("") }
    }

    @Test func validation() {
        let valid = Self.chaos([
            "action": "pod-failure", "mode": "one", "duration": "100s",
            "selector": ["labelSelectors": ["io.kompose.service": "user"]],
        ])
        #expect(PodChaosSpec.validate(valid).isEmpty)
        let missing = PodChaosSpec.validate(Self.chaos([:])).map(\.field)
        #expect(missing == ["spec.action", "spec.mode", "spec.selector"])
        let wrong = PodChaosSpec.validate(
            Self.chaos(["action": "explode", "mode": "some", "selector": [:], "duration": "ten", "gracePeriod": -1]))
        #expect(wrong.map(\.field) == ["spec.action", "spec.mode", "spec.duration", "spec.gracePeriod"])
        #expect(wrong[0].description.contains("Unsupported value: \"explode\""))
        let noValue = PodChaosSpec.validate(Self.chaos(["action": "pod-kill", "mode": "fixed", "selector": [:]]))
        #expect(noValue.map(\.field) == ["spec.value"])
        let percent = PodChaosSpec.validate(
            Self.chaos(["action": "pod-kill", "mode": "fixed-percent", "value": "150", "selector": [:]]))
        #expect(percent.first?.detail == "value must be in (0,100] with mode:fixed-percent")
        let phases = PodChaosSpec.validate(
            Self.chaos(["action": "pod-kill", "mode": "all", "selector": ["podPhaseSelectors": ["Sleeping"]]]))
        #expect(phases.map(\.field) == ["spec.selector.podPhaseSelectors[0]"])
        let badExpression = PodChaosSpec.validate(
            Self.chaos([
                "action": "pod-kill", "mode": "all",
                "selector": ["expressionSelectors": [["key": "app", "operator": "Near", "values": ["x"]]]],
            ]))
        #expect(badExpression.map(\.field) == ["spec.selector"])
    }

    @Test func parsing() throws {
        let spec = try PodChaosSpec(
            object: Self.chaos([
                "action": "container-kill", "mode": "fixed", "value": "2", "duration": "30s", "gracePeriod": 3,
                "containerNames": ["c"], "selector": ["namespaces": ["a", "b"], "labelSelectors": ["x": "y"]],
            ]))
        #expect(spec.action == .containerKill && spec.action.isOneShot && spec.action.targetsContainers)
        #expect(spec.mode == .fixed && spec.value == "2" && spec.duration == 30 && spec.gracePeriod == 3)
        #expect(spec.containerNames == ["c"])
        #expect(spec.selector.searchNamespaces(default: "ns") == ["a", "b"])
        #expect(!PodChaosAction.podFailure.isOneShot)
    }

    @Test func selection() throws {
        let pods = [
            Self.pod("b", labels: ["app": "a", "tier": "web"]), Self.pod("a", labels: ["app": "a"]),
            Self.pod("c", labels: ["app": "other"]), Self.pod("d", namespace: "elsewhere"),
            Self.pod("e", phase: "Pending"),
        ]
        var selector = try ChaosPodSelector(json: ["labelSelectors": ["app": "a"]])
        #expect(selector.candidates(pods, defaultNamespace: "ns").map(\.name) == ["a", "b", "e"])
        selector.podPhaseSelectors = ["Running"]
        #expect(selector.candidates(pods, defaultNamespace: "ns").map(\.name) == ["a", "b"])
        let expression = try ChaosPodSelector(json: [
            "expressionSelectors": [["key": "tier", "operator": "Exists"]]
        ])
        #expect(expression.candidates(pods, defaultNamespace: "ns").map(\.name) == ["b"])
        let byName = try ChaosPodSelector(json: ["fieldSelectors": ["metadata.name": "c"]])
        #expect(byName.candidates(pods, defaultNamespace: "ns").map(\.name) == ["c"])
        let explicit = try ChaosPodSelector(json: ["pods": ["elsewhere": ["d"]]])
        #expect(explicit.candidates(pods, defaultNamespace: "ns").map(\.name) == ["d"])
        let namespaces = try ChaosPodSelector(json: ["namespaces": ["elsewhere"]])
        #expect(namespaces.candidates(pods, defaultNamespace: "ns").map(\.name) == ["d"])
        var terminating = Self.pod("t")
        terminating[path: ["metadata", "deletionTimestamp"]] = "2025-01-01T00:00:00Z"
        #expect(ChaosPodSelector().candidates([terminating], defaultNamespace: "ns").isEmpty)
        let onNode = try ChaosPodSelector(json: ["nodeSelectors": ["zone": "z1"]])
        #expect(onNode.candidates(pods, defaultNamespace: "ns", nodeLabels: ["node-1": ["zone": "z1"]]).count == 4)
        #expect(onNode.candidates(pods, defaultNamespace: "ns").isEmpty)
    }

    @Test func modes() throws {
        let items = Array(0..<10)
        var random = ChaosRandom(seed: 42)
        #expect(try ChaosMode.one.choose(from: items, value: nil, using: &random).count == 1)
        #expect(try ChaosMode.all.choose(from: items, value: nil, using: &random) == items)
        let fixed = try ChaosMode.fixed.choose(from: items, value: "3", using: &random)
        #expect(fixed.count == 3 && Set(fixed).count == 3 && fixed == fixed.sorted())
        #expect(try ChaosMode.fixed.choose(from: items, value: "30", using: &random).count == 10)
        #expect(try ChaosMode.fixedPercent.choose(from: items, value: "25", using: &random).count == 2)
        for _ in 0..<20 {
            let count = (try? ChaosMode.randomMaxPercent.choose(from: items, value: "50", using: &random).count) ?? 0
            #expect(count <= 5)
        }
        #expect(throws: ChaosError.self) { try ChaosMode.one.choose(from: [Int](), value: nil, using: &random) }
        #expect(throws: ChaosError.self) {
            try ChaosMode.fixedPercent.choose(from: [1, 2], value: "10", using: &random)
        }
        // Seeded: the same seed and experiment choose the same targets.
        var first = ChaosRandom(seed: 7, namespace: "ns", name: "exp")
        var second = ChaosRandom(seed: 7, namespace: "ns", name: "exp")
        let a = try ChaosMode.fixed.choose(from: items, value: "4", using: &first)
        let b = try ChaosMode.fixed.choose(from: items, value: "4", using: &second)
        #expect(a == b)
    }

    @Test func containerRecords() throws {
        var random = ChaosRandom(seed: 1)
        let pods = [Self.pod("p", containers: ["first", "second"])]
        let kill = PodChaosSpec(action: .containerKill, mode: .all)
        #expect(try PodChaosActions.records(spec: kill, candidates: pods, random: &random).map(\.id) == ["ns/p/first"])
        var named = kill
        named.containerNames = ["second", "missing"]
        #expect(
            try PodChaosActions.records(spec: named, candidates: pods, random: &random).map(\.id) == ["ns/p/second"])
        named.containerNames = ["missing"]
        #expect(throws: ChaosError.self) { try PodChaosActions.records(spec: named, candidates: pods, random: &random) }
        let failure = PodChaosSpec(action: .podFailure, mode: .one)
        #expect(try PodChaosActions.records(spec: failure, candidates: pods, random: &random).map(\.id) == ["ns/p"])
        let target = ChaosRecord(id: "ns/p/c").target
        #expect(target.namespace == "ns" && target.pod == "p" && target.container == "c")
        #expect(ChaosRecord(id: "ns/p").target.container == nil)
    }

    @Test func statusAndPhases() {
        var status = ChaosStatus(desiredPhase: .run, records: [ChaosRecord(id: "ns/a"), ChaosRecord(id: "ns/b")])
        func conditions(_ status: ChaosStatus, paused: Bool = false) -> [String] {
            status.conditions(paused: paused).map { "\($0.type)=\($0.status)" }
        }
        #expect(conditions(status) == ["Selected=true", "AllInjected=false", "AllRecovered=true", "Paused=false"])
        status.records?[0].phase = .injected
        #expect(conditions(status) == ["Selected=true", "AllInjected=false", "AllRecovered=false", "Paused=false"])
        status.records?[1].phase = .injected
        #expect(
            conditions(status, paused: true) == [
                "Selected=true", "AllInjected=true", "AllRecovered=false", "Paused=true",
            ])
        #expect(
            conditions(ChaosStatus()) == ["Selected=false", "AllInjected=false", "AllRecovered=true", "Paused=false"])
        let json = status.json(paused: false)
        #expect(ChaosStatus(object: ["status": json]) == status)
        #expect(json[path: ["experiment", "containerRecords"]]?[0]?["phase"] == "Injected")

        let created = Date(timeIntervalSince1970: 1000)
        func phase(
            _ current: ChaosStatus.DesiredPhase?, deleted: Bool = false, paused: Bool = false,
            oneShot: Bool = false, at seconds: Double
        ) -> String {
            let result = ChaosStatus.desiredPhase(
                current: current, deleted: deleted, paused: paused, oneShot: oneShot, duration: 100, created: created,
                now: created.addingTimeInterval(seconds))
            return "\(result.phase.rawValue) \(result.reason ?? "-")"
        }
        #expect(phase(nil, at: 1) == "Run Started")
        #expect(phase(.run, at: 99) == "Run -")
        #expect(phase(.run, at: 100) == "Stop TimeUp")
        #expect(phase(.stop, at: 200) == "Stop -")
        #expect(phase(.run, oneShot: true, at: 200) == "Run -")
        #expect(phase(.run, paused: true, at: 1) == "Stop Paused")
        #expect(phase(.run, deleted: true, at: 1) == "Stop Deleted")
        #expect(ChaosStatus.message(for: "TimeUp") == "Time up according to the duration")
    }

    @Test func podFailureEdits() {
        #expect(
            PodFailureImages.annotationKey(experiment: "exp", container: "c")
                == "chaos-mesh-exp-pod-failure-c-normal-image")
        let long = PodFailureImages.annotationKey(experiment: "pod-failure-experiment", container: "hotel-reserv-user")
        #expect(long == "chaos-mesh-hotel-reserv-user-normal-image")
        #expect(
            PodFailureImages.annotationKey(experiment: "e", container: String(repeating: "x", count: 70)).count == 63)
        let pod = Self.pod("p", containers: ["a", "b"])
        let injected = PodFailureImages.inject(pod, experiment: "exp", pauseImage: "pause:latest")
        #expect(injected[path: ["spec", "containers"]]?[0]?["image"] == "pause:latest")
        #expect(injected[path: ["metadata", "annotations", "chaos-mesh-exp-pod-failure-b-normal-image"]] == "img/b:1")
        // Applying twice keeps the original image, not the pause image.
        let twice = PodFailureImages.inject(injected, experiment: "exp", pauseImage: "pause:latest")
        #expect(twice == injected)
        #expect(PodFailureImages.recover(injected, experiment: "exp") == pod)
    }
}
