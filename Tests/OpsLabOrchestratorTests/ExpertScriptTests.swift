import Foundation
import OpsLabCore
import Testing

@testable import OpsLabOrchestrator

/// The expert scripts as values: coverage of the registry, parseable actions, commands the shell policy allows.
@Suite("Expert scripts")
struct ExpertScriptTests {
    @Test func everyMitigationProblemHasAScript() {
        let coverage = ExpertScripts.coverage
        #expect(coverage.count >= 8)
        for entry in coverage {
            #expect(entry.scripted, "no expert script for \(entry.id)")
        }
    }

    @Test func nonMitigationProblemsHaveNoScript() {
        #expect(ExpertScripts.mitigation(for: "revoke_auth_mongodb-detection-1") == nil)
        #expect(ExpertScripts.mitigation(for: "noop_detection_hotel_reservation-1") == nil)
        #expect(ExpertScripts.mitigation(for: "no_such_problem-mitigation-1") == nil)
    }

    @Test func linesParseBackToTheirCommands() throws {
        let parser = ActionParser(requireFence: false)
        for entry in ExpertScripts.coverage {
            let lines = try #require(ExpertScripts.mitigation(for: entry.id))
            let commands = try #require(ExpertScripts.mitigationCommands(for: entry.id))
            #expect(lines.last == "submit()")
            #expect(lines.count == commands.count + 1)
            for (line, command) in zip(lines, commands) {
                let action = try parser.parse(line)
                #expect(action.name == "exec_shell", "\(line)")
                #expect(action.positional.first?.stringValue == command, "\(line)")
            }
            let submit = try parser.parse(try #require(lines.last))
            #expect(submit.name == "submit")
        }
    }

    @Test func commandsAreKubectlTheShellPolicyAllows() throws {
        for entry in ExpertScripts.coverage {
            for command in try #require(ExpertScripts.mitigationCommands(for: entry.id)) {
                #expect(command.hasPrefix("kubectl "), "\(command)")
                #expect(command.contains("-n test-hotel-reservation"), "\(command)")
                let decision = ShellPolicy.check(command, workspace: "/tmp/opslab-workspace", clusterAddresses: [])
                #expect(decision.plan != nil, "\(command): \(decision.refusal ?? "")")
            }
        }
    }

    @Test func specificFixes() throws {
        let revoke = try #require(ExpertScripts.mitigationCommands(for: "revoke_auth_mongodb-mitigation-2"))
        #expect(revoke[0].contains("deploy/mongodb-rate") && revoke[0].contains("grantRolesToUser"))
        #expect(revoke[0].contains(#"db: "rate-db""#))
        #expect(revoke[1] == "kubectl delete pod -l io.kompose.service=rate -n test-hotel-reservation")
        let unregistered = try #require(ExpertScripts.mitigationCommands(for: "user_unregistered_mongodb-mitigation-1"))
        #expect(unregistered[0].contains("-u root -p root") && unregistered[0].contains("createUser"))
        let portID = "k8s_target_port-misconfig_hotel_res-mitigation-1"
        let port = try #require(ExpertScripts.mitigationCommands(for: portID))
        #expect(
            port == [
                #"kubectl patch svc user -n test-hotel-reservation --type json -p "#
                    + #"'[{"op":"replace","path":"/spec/ports/0/targetPort","value":8086}]'"#
            ])
        #expect(
            ExpertScripts.mitigation(for: "scale_pod_zero_hotel_res-mitigation-1")
                == [#"exec_shell("kubectl scale deploy user --replicas=1 -n test-hotel-reservation")"#, "submit()"])
        #expect(
            ExpertScripts.mitigationCommands(for: "pod_failure_hotel_res-mitigation-1")
                == ["kubectl delete pod -l io.kompose.service=user -n test-hotel-reservation"])
        #expect(ExpertScripts.mitigation(for: "container_kill-analysis") == nil)
    }

    @Test func execShellLineEscapes() {
        #expect(ExpertScripts.execShellLine(#"echo "a\b""#) == #"exec_shell("echo \"a\\b\"")"#)
    }
}
