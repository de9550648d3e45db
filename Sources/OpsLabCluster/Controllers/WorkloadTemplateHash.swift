import OpsLabCore
import OpsLabKube

/// The `pod-template-hash` of a Deployment's pod template, as the deployment controller names ReplicaSets.
///
/// The hash is FNV-1a (32 bit) over the template's canonical JSON (sorted keys, `null` members dropped),
/// optionally mixed with the collision count, printed in decimal and each digit mapped into the
/// `bcdfghjklmnpqrstvwxz2456789` alphabet, so it is at most 10 characters and never spells a word.
public enum WorkloadTemplateHash {
    /// The label (and selector key) that ties a ReplicaSet and its pods to one template.
    public static let label = "pod-template-hash"

    /// Kubernetes' alphabet for generated name parts (no vowels, no look-alike characters).
    public static let alphabet: [Character] = Array("bcdfghjklmnpqrstvwxz2456789")

    /// The hash of a pod template (`spec.template` of a Deployment, as JSON).
    public static func hash(template: JSONValue, collisionCount: Int? = nil) -> String {
        var text = canonical(template).jsonString()
        if let collisionCount { text += "#\(collisionCount)" }
        return encode(fnv1a32(Array(text.utf8)))
    }

    /// FNV-1a, 32 bit.
    public static func fnv1a32(_ bytes: [UInt8]) -> UInt32 {
        var value: UInt32 = 2_166_136_261
        for byte in bytes {
            value ^= UInt32(byte)
            value = value &* 16_777_619
        }
        return value
    }

    /// Renders a number as its decimal digits, each mapped into ``alphabet``.
    public static func encode(_ value: UInt32) -> String {
        String(String(value).utf8.map { alphabet[Int($0) % alphabet.count] })
    }

    /// The value with every `null` object member removed, recursively, so that `creationTimestamp: null`
    /// and a missing key hash alike.
    public static func canonical(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let members):
            return .object(members.filter { !$0.value.isNull }.mapValues(canonical))
        case .array(let items):
            return .array(items.map(canonical))
        default:
            return value
        }
    }

    /// Whether two pod templates are the same once the `pod-template-hash` label is ignored.
    public static func equalIgnoringHash(_ lhs: JSONValue?, _ rhs: JSONValue?) -> Bool {
        stripped(lhs) == stripped(rhs)
    }

    private static func stripped(_ template: JSONValue?) -> JSONValue {
        var result = canonical(template ?? .emptyObject)
        result[path: ["metadata", "labels", label]] = nil
        if result[path: ["metadata", "labels"]]?.objectValue?.isEmpty == true {
            result[path: ["metadata", "labels"]] = nil
        }
        if result["metadata"]?.objectValue?.isEmpty == true { result["metadata"] = nil }
        return result
    }
}
