import Foundation
import OpsLabOrchestrator

/// `opslab shell`'s output: standard output, written at once.
struct StandardOutput: InteractiveOutput {
    func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
