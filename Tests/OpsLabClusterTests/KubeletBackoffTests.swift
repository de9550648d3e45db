import Foundation
import Testing

@testable import OpsLabCluster

@Suite("Kubelet CrashLoopBackoff")
struct KubeletBackoffTests {
    let start = Date(timeIntervalSince1970: 1_700_000_000)

    @Test func firstRestartIsImmediateThenDoubles() {
        var backoff = CrashLoopBackoff()
        #expect(backoff.delay(at: start) == 0)
        backoff.recordRestart(at: start)
        #expect(backoff.current == 10)
        // Crashes 1 s after the restart: wait the remaining 9 s.
        #expect(backoff.delay(at: start.addingTimeInterval(1)) == 9)
        backoff.recordRestart(at: start.addingTimeInterval(10))
        #expect(backoff.current == 20)
        #expect(backoff.delay(at: start.addingTimeInterval(11)) == 19)
        var time = start.addingTimeInterval(30)
        var seen: [TimeInterval] = []
        for _ in 0..<6 {
            backoff.recordRestart(at: time)
            seen.append(backoff.current ?? 0)
            time.addTimeInterval(backoff.current ?? 0)
        }
        #expect(seen == [40, 80, 160, 300, 300, 300])
    }

    @Test func longRunNeedsNoWaitAndExpiryResets() {
        var backoff = CrashLoopBackoff()
        backoff.recordRestart(at: start)
        backoff.recordRestart(at: start.addingTimeInterval(10))
        #expect(backoff.current == 20)
        // Ran 5 minutes: no wait, but the back-off is still remembered (doubles).
        #expect(backoff.delay(at: start.addingTimeInterval(310)) == 0)
        backoff.recordRestart(at: start.addingTimeInterval(310))
        #expect(backoff.current == 40)
        // Ran more than 10 minutes: the entry expired and starts over at 10 s.
        let late = start.addingTimeInterval(310 + 601)
        #expect(backoff.isExpired(at: late))
        #expect(backoff.delay(at: late) == 0)
        backoff.recordRestart(at: late)
        #expect(backoff.current == 10)
    }

    @Test func goDurationFormatting() {
        #expect(CrashLoopBackoff.goDuration(10) == "10s")
        #expect(CrashLoopBackoff.goDuration(80) == "1m20s")
        #expect(CrashLoopBackoff.goDuration(300) == "5m0s")
        #expect(CrashLoopBackoff.goDuration(3600) == "1h0m0s")
        #expect(CrashLoopBackoff.goDuration(1.5) == "1.5s")
    }
}
