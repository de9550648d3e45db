import Foundation
import OpsLabCore
import Testing

@testable import OpsLabCluster

@Suite("container metrics: /proc parsing, history, exposition and metrics API shapes")
struct ContainerMetricsTests {
    static let statLine =
        "4242 (opslab (pod) x) S 1 4242 4242 0 -1 4194560 1000 0 0 0 250 75 10 5 20 0 7 0 123456 100000000 2048 "
        + "18446744073709551615 1 1 0 0 0 0 0 4096 0 0 0 17 1 0 0 0 0 0"

    @Test("stat fields are read after the last parenthesis of the command name")
    func parsesStat() throws {
        let stat = try #require(ProcessStat.parse(Self.statLine))
        #expect(stat.pid == 4242)
        #expect(stat.processGroup == 4242)
        #expect(stat.userTicks == 250)
        #expect(stat.systemTicks == 75)
        #expect(stat.childUserTicks == 10)
        #expect(stat.childSystemTicks == 5)
        #expect(stat.threads == 7)
        #expect(stat.startTicks == 123_456)
        #expect(stat.residentPages == 2048)
        #expect(ProcessStat.parse("12 (short) S 1 2") == nil)
    }

    @Test("status gives VmRSS, RssAnon and RssFile in bytes")
    func parsesStatus() throws {
        let text =
            "Name:\topslab\nVmRSS:\t   12000 kB\nRssAnon:\t    8000 kB\nRssFile:\t    3900 kB\nRssShmem:\t 100 kB\n"
        let memory = try #require(ProcessMemory.parse(text))
        #expect(
            memory == ProcessMemory(resident: 12_000 * 1024, anonymous: 8000 * 1024, file: 3900 * 1024, shared: 102_400)
        )
        #expect(ProcessMemory.parse("Name:\tkthreadd\n") == nil)
        #expect(ProcessSampler.bootTime(procStat: "cpu 1 2\nbtime 1700000000\n") == 1_700_000_000)
    }

    @Test("a group's usage sums its processes and ignores others")
    func aggregates() throws {
        let leader = try #require(ProcessStat.parse(Self.statLine))
        var child = leader
        child.pid = 4243
        child.userTicks = 100
        child.systemTicks = 0
        child.childUserTicks = 0
        child.childSystemTicks = 0
        child.threads = 1
        var stranger = leader
        stranger.pid = 99
        stranger.processGroup = 99
        let usage = ProcessGroupUsage.aggregate(
            stats: [leader, child, stranger], memory: [4242: ProcessMemory(resident: 4096, anonymous: 1024)],
            descriptors: [4242: 10, 4243: 3], groups: [4242], ticksPerSecond: 100, pageSize: 4096,
            bootTime: Date(timeIntervalSince1970: 1_700_000_000))
        let group = try #require(usage[4242])
        #expect(usage[99] == nil)
        #expect(group.userSeconds == 3.6)
        #expect(group.systemSeconds == 0.8)
        #expect(group.residentBytes == 4096 + 2048 * 4096)
        #expect(group.anonymousBytes == 1024)
        #expect(group.threads == 8)
        #expect(group.processes == 2)
        #expect(group.fileDescriptors == 13)
        #expect(group.startTime == Date(timeIntervalSince1970: 1_700_000_000 + 1234.56))
    }

    @Test("the sampler measures this test process's own group")
    func samplesLiveProcess() throws {
        let sampler = ProcessSampler()
        let group = getpgrp()
        let usage = try #require(sampler.sample(groups: [group])[group])
        #expect(usage.residentBytes > 1_000_000)
        #expect(usage.threads >= 1)
        #expect(usage.cpuSeconds > 0)
        #expect((usage.fileDescriptors ?? 0) > 2)
    }

    @Test("a pass over /proc measures the groups that exist and skips the ones that do not")
    func passCoversExistingGroupsOnly() {
        let sampler = ProcessSampler()
        let missing = (1...19).map { Int32(4_000_000 + $0) }
        let usage = sampler.sample(groups: Set([getpgrp()] + missing))
        #expect(usage[getpgrp()] != nil)
        #expect(missing.allSatisfy { usage[$0] == nil })
    }

    static func sample(_ seconds: Double, cpu: Double, pid: Int32 = 7, memory: Int64 = 1 << 20) -> ContainerSample {
        ContainerSample(
            timestamp: Date(timeIntervalSince1970: 1_700_000_000 + seconds), pid: pid,
            usage: ProcessGroupUsage(userSeconds: cpu, residentBytes: memory, threads: 2, processes: 1))
    }

    @Test("history keeps counters monotonic, restarts series on a new pid and forgets stopped containers")
    func history() throws {
        let key = ContainerKey(namespace: "default", pod: "p", container: "c")
        let other = ContainerKey(namespace: "default", pod: "q", container: "c")
        var history = ContainerStatsHistory(limit: 3)
        history.record([key: Self.sample(0, cpu: 1), other: Self.sample(0, cpu: 1)], running: [key, other])
        #expect(history.rate(key, minimumWindow: 0.5) == nil)
        history.record([key: Self.sample(5, cpu: 2)], running: [key])
        #expect(history.series[other] == nil)
        let rate = try #require(history.rate(key, minimumWindow: 0.5))
        #expect(rate.window == 5)
        #expect(abs(rate.cores - 0.2) < 1e-9)
        history.record([key: Self.sample(10, cpu: 1.5)], running: [key])
        #expect(history.latest(key)?.usage.userSeconds == 2)
        history.record([key: Self.sample(15, cpu: 3)], running: [key])
        #expect(history.series[key]?.count == 3)
        history.record([key: Self.sample(20, cpu: 0.1, pid: 8)], running: [key])
        #expect(history.series[key]?.count == 1)
        #expect(history.isWarmingUp(key))
    }

    @Test("pid file lines become container references")
    func pidFile() {
        let refs = PodPidTable.parse("100 100 default/echo-1/echo\nbad line\n5 0 a/b/c\n200 200 ns/pod\n")
        #expect(
            refs == [
                ContainerProcessRef(key: ContainerKey(namespace: "default", pod: "echo-1", container: "echo"), pid: 100)
            ])
    }

    @Test("values are written as Go's shortest %g")
    func goFloats() {
        #expect(PrometheusText.formatValue(1_000_000) == "1e+06")
        #expect(PrometheusText.formatValue(1.7e9) == "1.7e+09")
        #expect(PrometheusText.formatValue(12_345_678) == "1.2345678e+07")
        #expect(PrometheusText.formatValue(123_456) == "123456")
        #expect(PrometheusText.formatValue(0.25) == "0.25")
        #expect(PrometheusText.formatValue(0.00001) == "1e-05")
        #expect(PrometheusText.formatValue(0) == "0")
        #expect(PrometheusText.formatValue(100_000) == "100000")
        #expect(PrometheusText.formatValue(-2.5) == "-2.5")
    }

    @Test("quantities and windows as metrics-server writes them")
    func quantities() {
        #expect(MetricsQuantity.cpu(cores: 0.012345678) == "12345678n")
        #expect(MetricsQuantity.cpu(cores: 0.001) == "1m")
        #expect(MetricsQuantity.cpu(cores: 0) == "0")
        #expect(MetricsQuantity.memory(bytes: 12345 * 1024) == "12345Ki")
        #expect(MetricsQuantity.memory(bytes: 2 << 20) == "2Mi")
        #expect(MetricsQuantity.memory(bytes: 1536) == "1536")
        #expect(MetricsQuantity.goDuration(seconds: 20.064) == "20.064s")
        #expect(MetricsQuantity.goDuration(seconds: 65) == "1m5s")
        #expect(MetricsQuantity.goDuration(seconds: 3600) == "1h0m0s")
        #expect(MetricsQuantity.goDuration(seconds: 0.5) == "500ms")
        #expect(MetricsQuantity.goDuration(seconds: 5) == "5s")
    }

    static let pod: JSONValue = [
        "metadata": ["name": "echo-1", "namespace": "default", "uid": "u-1", "labels": ["app": "echo"]],
        "spec": [
            "nodeName": "worker",
            "containers": [
                [
                    "name": "echo", "image": "opslab/echo:1.0",
                    "resources": ["limits": ["cpu": "500m", "memory": "64Mi"], "requests": ["cpu": "250m"]],
                ]
            ],
        ],
        "status": [
            "podIP": "127.9.1.5", "qosClass": "Burstable",
            "containerStatuses": [
                ["name": "echo", "image": "docker.io/opslab/echo:1.0", "containerID": "containerd://abc123"]
            ],
        ],
    ]

    @Test("cAdvisor exposition: container and pod series with cAdvisor's labels, limits and pod network")
    func cadvisor() {
        let key = ContainerKey(namespace: "default", pod: "echo-1", container: "echo")
        var traffic = ProxyTrafficCounters.Counters(pod: "echo-1")
        traffic.receivedBytes = 300
        traffic.transmittedBytes = 4000
        let text = CAdvisorExposition(
            pods: [MetricsPod(Self.pod)], samples: [key: Self.sample(0, cpu: 1.5)],
            traffic: ["127.9.1.5": traffic], machine: MachineInfo(cpuCores: 2, memoryBytes: 1 << 30)
        ).render()
        let labels =
            "container=\"echo\",id=\"/kubepods/burstable/podu-1/abc123\",image=\"docker.io/opslab/echo:1.0\","
            + "name=\"abc123\",namespace=\"default\",pod=\"echo-1\""
        #expect(text.contains("# TYPE container_cpu_usage_seconds_total counter\n"))
        #expect(text.contains("container_cpu_usage_seconds_total{container=\"echo\",cpu=\"total\",id="))
        #expect(text.contains("container_memory_working_set_bytes{\(labels)} 1.048576e+06 1700000000000\n"))
        #expect(text.contains("container_spec_memory_limit_bytes{\(labels)} 6.7108864e+07\n"))
        #expect(text.contains("container_spec_cpu_quota{\(labels)} 50000\n"))
        #expect(text.contains("container_spec_cpu_shares{\(labels)} 256\n"))
        let podLabels = "container=\"\",id=\"/kubepods/burstable/podu-1\",image=\"\",interface=\"eth0\",name=\"\""
        #expect(
            text.contains(
                "container_network_transmit_bytes_total{\(podLabels),namespace=\"default\",pod=\"echo-1\"} 4000"))
        #expect(
            text.contains(
                "container_network_receive_bytes_total{\(podLabels),namespace=\"default\",pod=\"echo-1\"} 300"))
        #expect(text.contains("machine_cpu_cores{boot_id=\"\",machine_id=\"\",system_uuid=\"\"} 2\n"))
        let resource = ResourceMetricsExposition(pods: [MetricsPod(Self.pod)], samples: [key: Self.sample(0, cpu: 1.5)])
            .render()
        #expect(
            resource.contains("pod_cpu_usage_seconds_total{namespace=\"default\",pod=\"echo-1\"} 1.5 1700000000000"))
        #expect(resource.contains("node_memory_working_set_bytes 1.048576e+06 1700000000000"))
    }
}
