import Foundation
import OpsLabCore

/// Writes a session's files: the step journal (`<results>/<session>/trace.jsonl`, appended and flushed per step)
/// and the results JSON (`<results>/<session>.json`, written to a temporary file and renamed into place).
struct SessionJournal: Sendable {
    let resultsDirectory: String
    let sessionID: String

    /// `<results>/<session>`: the journal and the exec_shell workspace live here.
    var sessionDirectory: String { (resultsDirectory as NSString).appendingPathComponent(sessionID) }
    /// `<results>/<session>/workspace`.
    var workspace: String { (sessionDirectory as NSString).appendingPathComponent("workspace") }
    /// `<results>/<session>/trace.jsonl`.
    var tracePath: String { (sessionDirectory as NSString).appendingPathComponent("trace.jsonl") }
    /// `<results>/<session>.json`.
    var resultPath: String { (resultsDirectory as NSString).appendingPathComponent("\(sessionID).json") }

    /// Creates the session directory, its workspace and an empty journal.
    func prepare() throws {
        try FileManager.default.createDirectory(atPath: workspace, withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: tracePath, contents: Data()) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: tracePath])
        }
    }

    /// Appends one line to the journal and syncs it to disk.
    func append(_ line: String) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: tracePath))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data((line + "\n").utf8))
        try handle.synchronize()
    }

    /// Writes the result atomically; `extras` are added as top-level keys (e.g. `workload`).
    func writeResult(_ result: EvaluationResult, extras: [String: JSONValue] = [:]) throws {
        let temporary = resultPath + ".tmp-\(UUID().uuidString.prefix(8))"
        var json = result.json
        for (key, value) in extras.sorted(by: { $0.key < $1.key }) { json[key] = value }
        let data = Data((json.jsonString(pretty: true) + "\n").utf8)
        try data.write(to: URL(fileURLWithPath: temporary))
        if rename(temporary, resultPath) != 0 {
            let code = errno
            try? FileManager.default.removeItem(atPath: temporary)
            throw POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO)
        }
    }
}
