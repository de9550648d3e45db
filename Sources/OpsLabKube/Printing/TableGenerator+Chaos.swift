import Foundation
import OpsLabCore

extension TableGenerator {
    /// NetworkChaos's CRD printer columns: `Name`, `action` (`.spec.action`) and `duration` (`.spec.duration`).
    ///
    /// A CRD that declares printer columns gets only `Name` plus those (no `Age`), named as declared; kubectl
    /// upper-cases them (NAME, ACTION, DURATION).
    static let networkChaosColumns = [
        TableColumn.name, TableColumn("action", ""), TableColumn("duration", ""),
    ]

    /// A NetworkChaos row; a field that is absent gives a null cell, as the CRD table convertor does.
    static func networkChaosCells(_ object: JSONValue) -> [JSONValue] {
        [
            .string(object.name), object[path: ["spec", "action"]] ?? .null,
            object[path: ["spec", "duration"]] ?? .null,
        ]
    }
}
