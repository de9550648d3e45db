import Foundation
import OpsLabApps
import OpsLabCore
import OpsLabFaults
import OpsLabKube
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The NetworkChaos faults on HotelReservation with AIOpsLab's experiments: the `delay` on `user` makes the
/// frontend's `/user` calls fail after its 5 s timeout while `/hotels` (which does not call user) stays fast;
/// recovery restores `/user`. The `loss` fault is applied and recovered the same way.
@Suite("NetworkChaos faults live", .serialized)
struct NetworkChaosFaultsLiveTests {
    /// The status and duration of a GET (`nil` status when it fails or times out after `timeout`).
    static func timed(_ url: String, timeout: TimeInterval = 8) async -> (status: Int?, seconds: Double) {
        let start = ContinuousClock.now
        var request = URLRequest(url: URL(string: url)!)
        request.timeoutInterval = timeout
        let response = try? await URLSession.shared.data(for: request)
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return ((response?.1 as? HTTPURLResponse)?.statusCode, seconds)
    }

    @Test(.timeLimit(.minutes(3)))
    func delayAndLossOnUser() async throws {
        try await FaultTestCluster.withHotelReservation { _, env, hotelsURL in
            let frontend = try await env.client.get(.services, namespace: env.namespace, name: "frontend")
            let ip = try #require(frontend[path: ["spec", "clusterIP"]]?.stringValue)
            let userURL = "http://\(ip):5000/user?username=Cornell_1&password=1111111111"
            try await waitFor(15, "/user answers 200") { await httpStatus(userURL) == 200 }

            let delay = NetworkDelayFault(service: "user")
            try await delay.inject(env)
            let chaos = try await env.client.get(.networkChaos, namespace: env.namespace, name: "delay")
            #expect(chaos[path: ["spec", "delay", "latency"]] == "10s" && chaos[path: ["spec", "duration"]] == "200s")
            let record = chaos[path: ["status", "experiment", "containerRecords"]]?[0]?["id"]?.stringValue ?? ""
            #expect(record.hasPrefix("\(env.namespace)/user-"), "\(record)")
            let slow = await Self.timed(userURL)
            #expect(slow.status != 200 && slow.seconds >= 4.5, "/user during the delay: \(slow)")
            let hotels = await Self.timed(hotelsURL)
            #expect(hotels.status == 200 && hotels.seconds < 2, "/hotels during the delay: \(hotels)")
            #expect(!(try await delay.mitigated(env)).success)
            try await delay.recover(env)
            try await waitFor(15, "/user answers 200 again") { await httpStatus(userURL) == 200 }
            let restored = await Self.timed(userURL)
            #expect(restored.status == 200 && restored.seconds < 1, "/user after recovery: \(restored)")

            let loss = NetworkLossFault(service: "user")
            try await loss.inject(env)
            // 99 % of the user pod's segments are lost: its answers mostly miss the frontend's 5 s timeout.
            async let first = Self.timed(userURL)
            async let second = Self.timed(userURL)
            async let third = Self.timed(userURL)
            let lossy = await [first, second, third]
            #expect(lossy.filter { $0.status != 200 }.count >= 2, "/user during 99 % loss: \(lossy)")
            try await loss.recover(env)
            try await waitFor(15, "/user answers 200 after the loss") { await httpStatus(userURL) == 200 }
            let left = try await env.client.list(.networkChaos, namespace: env.namespace)["items"]?.arrayValue ?? []
            #expect(left.isEmpty)
        }
    }
}
