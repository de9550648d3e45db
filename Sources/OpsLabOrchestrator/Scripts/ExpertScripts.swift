import Foundation
import OpsLabApps
import OpsLabCore
import OpsLabFaults

/// The action sequences an SRE would type to fix each mitigation problem, as data.
///
/// Every fix is plain `kubectl` run through `exec_shell`, followed by `submit()`; nothing reaches around the
/// Agent-Cloud Interface. The scripts are the benchmark's proof that each mitigation problem is solvable with the
/// tools an agent has, and that the same actions leave a healthy system healthy.
public enum ExpertScripts {
    /// The script of a mitigation problem: one action per line exactly as an agent writes it (ending with
    /// `submit()`), or `nil` when `problemID` is unknown, not a mitigation task, or has no expert fix.
    public static func mitigation(for problemID: String) -> [String]? {
        guard let commands = mitigationCommands(for: problemID) else { return nil }
        return commands.map(execShellLine) + ["submit()"]
    }

    /// The shell commands of a mitigation problem's script, without the `exec_shell` wrapping or `submit()`.
    public static func mitigationCommands(for problemID: String) -> [String]? {
        guard let definition = try? ProblemRegistry.problem(problemID), definition.task == .mitigation else {
            return nil
        }
        return commands(fixing: definition.fault, namespace: definition.app.namespace)
    }

    /// Every registered mitigation problem id, in registry order, with whether it has an expert script.
    public static var coverage: [(id: String, scripted: Bool)] {
        ProblemRegistry.filter(task: .mitigation).map { ($0.idText, mitigation(for: $0.idText) != nil) }
    }

    /// An `exec_shell(...)` action line for `command`, escaping `\` and `"` for the action's string literal.
    public static func execShellLine(_ command: String) -> String {
        let escaped = command.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return "exec_shell(\"\(escaped)\")"
    }

    /// The kubectl commands that undo `fault` in `namespace`, or `nil` for a fault with no known fix.
    public static func commands(fixing fault: any Fault, namespace: String) -> [String]? {
        switch fault {
        case let fault as RevokeAuthFault:
            return mongoFix(fault.service, MongoAdminScript.grantReadWrite(fault.service), as: .admin, namespace)
        case let fault as UserUnregisteredFault:
            return mongoFix(fault.service, MongoAdminScript.createAdmin(fault.service), as: .root, namespace)
        case let fault as TargetPortMisconfigFault:
            guard let port = HotelService(rawValue: fault.service)?.port else { return nil }
            let patch = #"[{"op":"replace","path":"/spec/ports/0/targetPort","value":\#(port)}]"#
            return ["kubectl patch svc \(fault.service) -n \(namespace) --type json -p '\(patch)'"]
        case let fault as ScaleToZeroFault:
            return ["kubectl scale deploy \(fault.service) --replicas=1 -n \(namespace)"]
        case let fault as AssignNonExistentNodeFault:
            let patch = #"[{"op":"remove","path":"/spec/template/spec/nodeSelector"}]"#
            return ["kubectl patch deploy \(fault.service) -n \(namespace) --type json -p '\(patch)'"]
        case let fault as MisconfigAppFault:
            let container = "hotel-reserv-\(fault.service)"
            let image = MisconfigAppFault.defaultImage
            return ["kubectl set image deploy/\(fault.service) \(container)=\(image) -n \(namespace)"]
        case let fault as WrongBinaryFault:
            let command = #"["\#(fault.service)"]"#
            let patch = #"[{"op":"replace","path":"/spec/template/spec/containers/0/command","value":\#(command)}]"#
            return ["kubectl patch deploy \(fault.service) -n \(namespace) --type json -p '\(patch)'"]
        case let fault as PodFailureFault:
            // The failing pod runs the pause image; deleting it lets its ReplicaSet recreate it from the template.
            return ["kubectl delete pod -l io.kompose.service=\(fault.service) -n \(namespace)"]
        default:
            return nil
        }
    }

    /// Runs `script` in the service's MongoDB through `kubectl exec`, then restarts the service's pods so they
    /// reconnect with the repaired credentials.
    private static func mongoFix(
        _ service: MongoBackedService, _ script: String, as login: MongoAdminScript.Login, _ namespace: String
    ) -> [String] {
        [
            "kubectl exec deploy/\(service.mongoName) -n \(namespace) -- mongo admin -u \(login.user) "
                + "-p \(login.password) --authenticationDatabase admin --quiet --eval '\(script)'",
            "kubectl delete pod -l io.kompose.service=\(service.serviceName) -n \(namespace)",
        ]
    }
}
