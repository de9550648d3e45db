import Foundation
import NIOCore
import OpsLabCore
import OpsLabKube
import Testing

@testable import OpsLabCluster

/// NetworkChaos as values: validation, parsing, selection, the proxy rules it installs and the network model.
@Suite("NetworkChaos values")
struct NetworkChaosValueTests {
    static func chaos(_ spec: JSONValue) -> JSONValue {
        ["metadata": ["name": "exp", "namespace": "ns", "uid": "u1"], "spec": spec]
    }

    static let aiopsLabDelay: JSONValue = [
        "action": "delay", "mode": "one", "duration": "200s",
        "selector": ["labelSelectors": ["io.kompose.service": "user"]],
        "delay": ["latency": "10s", "correlation": "100", "jitter": "0ms"],
    ]

    @Test func validation() {
        #expect(NetworkChaosSpec.validate(Self.chaos(Self.aiopsLabDelay)).isEmpty)
        let loss: JSONValue = [
            "action": "loss", "mode": "one", "duration": "200s",
            "selector": ["namespaces": ["ns"], "labelSelectors": ["io.kompose.service": "user"]],
            "loss": ["loss": "99", "correlation": "100"],
        ]
        #expect(NetworkChaosSpec.validate(Self.chaos(loss)).isEmpty)
        #expect(
            NetworkChaosSpec.validate(Self.chaos([:])).map(\.field) == ["spec.action", "spec.mode", "spec.selector"])
        let wrong = NetworkChaosSpec.validate(
            Self.chaos(["action": "teleport", "mode": "one", "direction": "sideways", "selector": [:]]))
        #expect(wrong.map(\.field) == ["spec.action", "spec.direction"])
        let noBlock = NetworkChaosSpec.validate(Self.chaos(["action": "delay", "mode": "all", "selector": [:]]))
        #expect(noBlock.map(\.field) == ["spec.delay"])
        for latency in ["10", "1.5", ".5s", "1.s", "10d", "-1s"] {
            var spec = Self.aiopsLabDelay
            spec["delay"] = ["latency": .string(latency)]
            #expect(
                NetworkChaosSpec.validate(Self.chaos(spec)).map(\.field) == ["spec.delay.latency"], "\(latency)")
        }
        for latency in ["1.5s", "300ms", "10us", "2h"] {
            #expect(NetworkChaosSpec.matchesLatencyPattern(latency), "\(latency)")
        }
        var badLoss = loss
        badLoss["loss"] = ["loss": "150"]
        #expect(NetworkChaosSpec.validate(Self.chaos(badLoss)).map(\.field) == ["spec.loss.loss"])
        let fromWithoutTarget = NetworkChaosSpec.validate(
            Self.chaos(["action": "partition", "mode": "all", "direction": "both", "selector": [:]]))
        #expect(fromWithoutTarget.map(\.field) == ["spec.direction"])
        let badTarget = NetworkChaosSpec.validate(
            Self.chaos([
                "action": "partition", "mode": "all", "direction": "from", "selector": [:],
                "target": ["mode": "fixed", "selector": [:]],
            ]))
        #expect(badTarget.map(\.field) == ["spec.target.value"])
    }

    @Test func parsing() throws {
        let delay = try NetworkChaosSpec(object: Self.chaos(Self.aiopsLabDelay))
        #expect(delay.action == .delay && delay.direction == .to && delay.duration == 200)
        #expect(delay.latency == 10 && delay.jitter == 0 && delay.loss == 0 && delay.target == nil)
        let netem = try NetworkChaosSpec(
            object: Self.chaos([
                "action": "netem", "mode": "all", "selector": [:], "direction": "both",
                "delay": ["latency": "100ms", "jitter": "10ms"], "loss": ["loss": "50"], "corrupt": ["corrupt": "50"],
                "target": ["mode": "all", "selector": ["labelSelectors": ["app": "b"]]],
            ]))
        #expect(netem.latency == 0.1 && abs(netem.jitter - 0.01) < 1e-12 && netem.loss == 0.75)
        #expect(netem.direction == .both && netem.target?.mode == .all)
    }

    @Test func recordsAndRules() throws {
        let pods = ["a1", "a2", "b1"].map { name in
            ChaosValueTests.pod(name, labels: ["app": String(name.prefix(1))])
        }
        let spec = try NetworkChaosSpec(
            object: Self.chaos([
                "action": "partition", "mode": "all", "selector": ["labelSelectors": ["app": "a"]],
                "direction": "to", "target": ["mode": "one", "selector": ["labelSelectors": ["app": "b"]]],
            ]))
        var random = ChaosRandom(seed: 1)
        let records = try NetworkChaosKind.records(spec: spec, namespace: "ns", pods: pods, random: &random)
        #expect(records.map(\.id) == ["ns/a1", "ns/a2", "ns/b1"])
        #expect(records.map(\.selectorKey) == [".", ".", ".Target"])
        let rule = try NetworkChaosKind.rule(spec: spec, ip: "10.0.0.1", peers: ["10.0.0.9"])
        #expect(rule.impairment.partitioned && rule.direction == .egress)
        #expect(rule.applies(sender: "10.0.0.1", receiver: "10.0.0.9"))
        #expect(!rule.applies(sender: "10.0.0.9", receiver: "10.0.0.1"))
        #expect(!rule.applies(sender: "10.0.0.1", receiver: "10.0.0.5"))
        let ingress = ProxyImpairmentRule(pods: ["p"], direction: .ingress, impairment: ProxyImpairment(loss: 1))
        #expect(ingress.applies(sender: nil, receiver: "p") && !ingress.applies(sender: "p", receiver: nil))
        let both = ProxyImpairmentRule(pods: ["p"], peers: ["q"], direction: .both, impairment: ProxyImpairment())
        #expect(both.applies(sender: "p", receiver: "q") && both.applies(sender: "q", receiver: "p"))
        #expect(!both.applies(sender: "p", receiver: "r"))
        let bandwidth = NetworkChaosSpec(action: .bandwidth)
        #expect(throws: ChaosError.self) { try NetworkChaosKind.rule(spec: bandwidth, ip: "x", peers: nil) }
        let noPeers = NetworkChaosSpec(action: .delay, selector: ChaosPodSelector())
        var empty = ChaosRandom(seed: 1)
        #expect(throws: ChaosError.self) {
            try NetworkChaosKind.records(spec: noPeers, namespace: "other", pods: pods, random: &empty)
        }
    }

    @Test func impairmentTable() {
        let table = ProxyImpairments(seed: 7)
        #expect(!table.isActive && table.impairment(sender: "a", receiver: "b") == nil)
        let before = table.generation
        let slow = ProxyImpairment(latency: .milliseconds(100), loss: 0.5)
        table.install(ProxyImpairmentRule(pods: ["a"], direction: .egress, impairment: slow), id: "one")
        table.install(ProxyImpairmentRule(pods: ["b"], direction: .ingress, impairment: slow), id: "two")
        #expect(table.isActive && table.generation != before)
        let combined = table.impairment(sender: "a", receiver: "b")
        #expect(combined?.latency == .milliseconds(200) && combined?.loss == 0.75)
        #expect(table.impairment(sender: "b", receiver: "a") == nil)
        table.remove(id: "one")
        table.remove(id: "two")
        #expect(!table.isActive && table.ids.isEmpty)
    }

    @Test func delaysKeepOrder() {
        var queue = ProxyTransmitQueue<Int>()
        var random = ChaosRandom(seed: 3)
        let start = NIODeadline.uptimeNanoseconds(1_000_000_000)
        let delay = ProxyImpairment(latency: .milliseconds(300), jitter: .milliseconds(100))
        for index in 0..<50 {
            queue.send(index, now: start + .milliseconds(Int64(index)), impairment: delay, random: &random)
        }
        #expect(queue.advance(now: start + .milliseconds(199), impairment: delay, random: &random).delivered.isEmpty)
        var delivered: [Int] = []
        var now = start
        while let next = queue.nextDeadline {
            #expect(next >= start + .milliseconds(200) && next <= start + .milliseconds(449))
            now = max(now, next)
            delivered += queue.advance(now: now, impairment: delay, random: &random).delivered
        }
        #expect(delivered == Array(0..<50))
        // Without an impairment a chunk is delivered at once, but never before an earlier one.
        queue.send(1, now: start, impairment: delay, random: &random)
        queue.send(2, now: start, impairment: nil, random: &random)
        #expect(queue.advance(now: start, impairment: nil, random: &random).delivered.isEmpty)
        let at300 = queue.advance(now: start + .milliseconds(400), impairment: nil, random: &random)
        #expect(at300.delivered == [1, 2])
    }

    @Test func lossRetransmitsWithBackoffThenFails() {
        var queue = ProxyTransmitQueue<String>()
        var random = ChaosRandom(seed: 1)
        let start = NIODeadline.uptimeNanoseconds(0)
        let cut = ProxyImpairment(loss: 1)
        queue.send("x", now: start, impairment: cut, random: &random)
        var now = start
        var gaps: [Int64] = []
        var failed = false
        while let next = queue.nextDeadline, !failed {
            gaps.append((next - now).nanoseconds / 1_000_000)
            now = next
            failed = queue.advance(now: now, impairment: cut, random: &random).failed
        }
        #expect(gaps.prefix(5) == [200, 400, 800, 1600, 3200])
        #expect(gaps.count == 16 && gaps.last == 120_000 && failed)
        // A healed network delivers at the next retransmission.
        var healing = ProxyTransmitQueue<String>()
        healing.send("y", now: start, impairment: cut, random: &random)
        #expect(healing.advance(now: start + .milliseconds(100), impairment: nil, random: &random).delivered.isEmpty)
        #expect(healing.advance(now: start + .milliseconds(200), impairment: nil, random: &random).delivered == ["y"])
    }

    @Test func seededLossIsReproducible() {
        func schedule(seed: UInt64) -> [Int64] {
            var queue = ProxyTransmitQueue<Int>()
            var random = ChaosRandom(seed: seed)
            let lossy = ProxyImpairment(latency: .milliseconds(10), loss: 0.5)
            let start = NIODeadline.uptimeNanoseconds(0)
            for index in 0..<20 { queue.send(index, now: start, impairment: lossy, random: &random) }
            var times: [Int64] = []
            while let next = queue.nextDeadline {
                let outcome = queue.advance(now: next, impairment: lossy, random: &random)
                if outcome.failed { break }
                times += outcome.delivered.map { _ in Int64(next.uptimeNanoseconds / 1_000_000) }
            }
            return times
        }
        let first = schedule(seed: 42)
        #expect(first == schedule(seed: 42))
        #expect(first.count == 20 && first.contains { $0 > 10 } && first.contains { $0 == 10 })
        #expect(first != schedule(seed: 43))
    }

    @Test func handshake() {
        var random = ChaosRandom(seed: 1)
        let slow = ProxyImpairment(latency: .milliseconds(300))
        #expect(
            ProxyHandshake.attempt(retransmissions: 0, up: nil, down: slow, random: &random)
                == .connect(after: .milliseconds(300)))
        let cut = ProxyImpairment(partitioned: true)
        #expect(
            ProxyHandshake.attempt(retransmissions: 0, up: cut, down: nil, random: &random)
                == .retry(after: .seconds(1)))
        #expect(
            ProxyHandshake.attempt(retransmissions: 2, up: cut, down: nil, random: &random)
                == .retry(after: .seconds(4)))
        #expect(ProxyHandshake.attempt(retransmissions: 6, up: nil, down: cut, random: &random) == .fail)
    }
}
