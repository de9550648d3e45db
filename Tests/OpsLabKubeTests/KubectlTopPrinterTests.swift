import Testing

@testable import OpsLabKube

@Suite("kubectl top printing")
struct KubectlTopPrinterTests {
    typealias Printer = KubectlTopPrinter

    @Test("quantities round as Quantity.MilliValue and Value do")
    func quantities() {
        #expect(Printer.nanocores("12345678n") == 12_345_678)
        #expect(Printer.milli(12_345_678) == 13)
        #expect(Printer.nanocores("250m") == 250_000_000)
        #expect(Printer.nanocores("2") == 2_000_000_000)
        #expect(Printer.bytes("12345Ki") == 12_641_280)
        #expect(Printer.bytes("24Gi") == 25_769_803_776)
    }

    @Test("pods: columns, namespace, containers and sort order")
    func pods() {
        let pods = [
            Printer.Pod(namespace: "b", name: "web-2", containers: [("web", .init(nanocores: 1_000, bytes: 5 << 20))]),
            Printer.Pod(
                namespace: "a", name: "api-1",
                containers: [
                    ("api", .init(nanocores: 12_345_678, bytes: 34 << 20)),
                    ("side", .init(nanocores: 0, bytes: 1 << 20)),
                ]),
        ]
        #expect(
            Printer.pods(pods, containers: false, withNamespace: false, noHeaders: false, sortBy: nil)
                == "NAME    CPU(cores)   MEMORY(bytes)   \napi-1   13m          35Mi            \nweb-2   1m           5Mi             \n"
        )
        #expect(
            Printer.pods(pods, containers: true, withNamespace: true, noHeaders: true, sortBy: "memory")
                == "a     api-1   api    13m   34Mi   \na     api-1   side   0m    1Mi    \nb     web-2   web    1m    5Mi    \n"
        )
        #expect(Printer.pods([], containers: false, withNamespace: false, noHeaders: false, sortBy: nil) == "")
    }

    @Test("nodes: percentages of allocatable, unknown rows for nodes without metrics")
    func nodes() {
        let nodes = [
            Printer.Node(
                name: "worker", usage: .init(nanocores: 150_000_000, bytes: 600 << 20),
                allocatable: .init(nanocores: 2_000_000_000, bytes: 24 << 30))
        ]
        #expect(
            Printer.nodes(nodes, missing: ["control"], noHeaders: false, sortBy: nil)
                == "NAME      CPU(cores)   CPU(%)      MEMORY(bytes)   MEMORY(%)   \n"
                + "worker    150m         7%          600Mi           2%          \n"
                + "control   <unknown>    <unknown>   <unknown>       <unknown>   \n")
    }
}
