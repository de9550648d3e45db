import Foundation
import OpsLabCluster
import Testing

@Suite("Cluster block choice")
struct ClusterBlockTests {
    @Test("clusters started in one process never share a block, even before they bind")
    func distinctBlocksInOneProcess() {
        let directories = (0..<24).map { "/tmp/opslab-block-test-\($0)-\(UUID().uuidString)" }
        let blocks = directories.map { ClusterBlock.choose(stateDirectory: $0, apiPort: 6443) }
        #expect(Set(blocks).count == blocks.count, "blocks: \(blocks)")
        #expect(blocks.allSatisfy { ClusterBlock.range.contains(Int($0)) })
    }

    @Test("a recorded block is reused for the same state directory")
    func recordedBlockIsReused() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("opslab-block-\(UUID())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = ClusterBlock.choose(stateDirectory: directory, apiPort: 6443)
        try ClusterBlock.record(first, stateDirectory: directory)
        #expect(ClusterBlock.choose(stateDirectory: directory, apiPort: 6443) == first)
    }
}
