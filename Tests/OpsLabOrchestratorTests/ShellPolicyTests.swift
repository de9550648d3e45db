import Testing

@testable import OpsLabOrchestrator

/// Shared helpers for the policy suites.
enum ShellPolicyFixture {
    static let workspace = "/tmp/opslab/ws-1"
    static let addresses = ["127.42.0.0/16", "127.9.9.9", "127.77."]

    static func check(_ line: String) -> ShellDecision {
        ShellPolicy.check(line, workspace: workspace, clusterAddresses: addresses)
    }

    static func allowed(_ line: String) -> Bool { check(line).plan != nil }

    static func refusal(_ line: String) -> String { check(line).refusal ?? "" }
}

@Suite struct ShellPolicyTests {
    private let allowed = ShellPolicyFixture.allowed
    private let refusal = ShellPolicyFixture.refusal

    @Test func readOnlyToolsAreAllowed() {
        for line in [
            "kubectl get pods -A | grep -v Running | awk '{print $1, $2}' | sort | uniq -c | sort -rn | head -5",
            "kubectl get pods -o json | jq -r '.items[].metadata.name' | wc -l",
            "kubectl logs geo-1 -n test-hotel-reservation | tail -n 50 | cut -d ' ' -f 2 | tr a-z A-Z",
            "echo hi && printf '%s\\n' x; true", "egrep -i 'err|warn' pods.txt", "sed -n '1,20p' pods.txt",
            "sed 's/a/b/g' x.txt", "grep -e foo -e bar a.txt", "tail -20 notes/log.txt", "head -c 100 x",
            "awk -F: '$3 > 5 {print $1}' data.txt", "awk '/a|b/ {print \"x|y\"}'", "awk '{ print ($1 > 5) }'",
            "ls", "ls -la", "ls -la .", "cat notes.txt", "cat ./a/../b.txt", "cat -", "sort -o sorted.txt x",
            "uniq in.txt out.txt", "jq --arg n x '.a' file.json", "jq . --slurpfile s data.json",
            "ls /tmp/opslab/ws-1/sub", "cat /tmp/opslab/ws-1", "grep -r error",
        ] {
            #expect(allowed(line), "\(line): \(refusal(line))")
        }
    }

    @Test func otherProgramsAreRefusedWithTheAllowedList() {
        for line in [
            "rm -rf /", "python3 -c 'print(1)'", "bash", "sh -c 'ls'", "apt-get install jq", "wget x",
            "kubectl get pods | xargs echo", "env", "sudo ls", "docker ps", "watch kubectl get pods", "tee out.txt",
            "nc 127.42.0.1 80", "vim x",
        ] {
            let message = refusal(line)
            #expect(message.hasPrefix("Error: Cannot use `"), "\(line)")
            #expect(message.contains("Allowed: kubectl"), "\(line)")
            #expect(message.contains("e.g. `"), "\(line): no alternative")
        }
        #expect(refusal("bash").contains("Run the commands directly"))
        #expect(refusal("rm x").contains("kubectl delete"))
    }

    @Test func absolutePathProgramsAndAssignmentsAreRefused() {
        #expect(refusal("/usr/bin/grep a").contains("Use `grep` instead"))
        #expect(refusal("/bin/sh").contains("Allowed:"))
        #expect(refusal("FOO=1 kubectl get pods").contains("variable assignments"))
    }

    @Test func parseErrorsBecomeRefusals() {
        #expect(refusal("echo $(cat /etc/passwd)").hasPrefix("Error: Cannot run this command: Command substitution"))
        #expect(refusal("kubectl get pods &").contains("Background"))
    }

    @Test func catAndLsStayInsideTheWorkspace() {
        #expect(refusal("cat /etc/passwd").contains("resolves outside"))
        #expect(!allowed("cat ../ws-2/secret"))
        #expect(!allowed("cat ../../../../etc/passwd"))
        #expect(!allowed("cat sub/../../x"))
        #expect(!allowed("ls /"))
        #expect(!allowed("ls -la .."))
        #expect(!allowed("cat /tmp/opslab/ws-10/x"))
        #expect(!allowed("cat /tmp/opslab/ws-1/../ws-2/x"))
        #expect(!allowed("cat notes.txt /etc/hosts"))
        #expect(!allowed("cat -- /etc/hosts"))
        #expect(refusal("cat /etc/passwd").contains("e.g. `kubectl get pods -A`"))
    }

    @Test func textToolsCannotReadOutside() {
        #expect(!allowed("grep root /etc/passwd"))
        #expect(!allowed("grep -f /etc/patterns x"))
        #expect(!allowed("head /etc/shadow"))
        #expect(!allowed("awk '{print}' /etc/passwd"))
        #expect(!allowed("sed -n p /etc/passwd"))
        #expect(!allowed("sort /etc/passwd"))
        #expect(!allowed("jq . /etc/x.json"))
        #expect(!allowed("jq --rawfile s /etc/passwd ."))
        #expect(!allowed("wc --files0-from=/etc/list"))
        #expect(!allowed("uniq in.txt /etc/out"))
        #expect(allowed("awk -v x=1 '{print x}' n=2 data.txt"))
    }

    @Test func writingToolsFormsAreRefused() {
        #expect(refusal("sed -i 's/a/b/' x").contains("`sed -i`"))
        #expect(!allowed("sed -i.bak 's/a/b/' x"))
        #expect(!allowed("sed -ni p x"))
        #expect(!allowed("sed --in-place=.b 's/a/b/' x"))
        #expect(!allowed("sed 's/a/b/w /tmp/out' x"))
        #expect(!allowed("sed '1w out' x"))
        #expect(!allowed("sed 's/a/id/e' x"))
        #expect(!allowed("sed '/x/r /etc/passwd' x"))
        #expect(!allowed("sed -e p -e 'w x' y"))
        #expect(allowed("sed 's/w/x/g' y"))
        #expect(allowed("sed '/warn/d' y"))
        #expect(refusal("awk 'BEGIN{system(\"rm -rf /\")}'").contains("system()"))
        #expect(!allowed("awk '{print > \"/tmp/x\"}'"))
        #expect(!allowed("awk '{print | \"sh\"}'"))
        #expect(!allowed("awk '{\"date\" | getline d}'"))
        #expect(!allowed("awk -l ext '{print}'"))
        #expect(!allowed("sort -o /tmp/x y"))
        #expect(!allowed("sort --compress-program=sh y"))
        #expect(refusal("tail -f x").contains("never ends"))
        #expect(!allowed("tail -F x"))
        #expect(!allowed("tail --follow=name x"))
        #expect(allowed("tail -n 5 x"))
        #expect(!allowed("jq 'import \"m\" as m; .' x"))
    }

    @Test func redirectionsStayInsideTheWorkspace() throws {
        let plan = try #require(ShellPolicyFixture.check("kubectl get pods > out/pods.txt 2>/dev/null").plan)
        let redirections = plan.commandLine.commands[0].redirections
        #expect(redirections.map(\.target) == ["/tmp/opslab/ws-1/out/pods.txt", "/dev/null"])
        #expect(plan.workspace == "/tmp/opslab/ws-1")
        #expect(plan.usesKubectl)
        #expect(allowed("echo a >> log.txt 2>&1"))
        #expect(allowed("grep a < in.txt"))
        #expect(refusal("echo x > /etc/cron.d/x").contains("resolves outside"))
        #expect(!allowed("echo x > ../x"))
        #expect(!allowed("echo x 2> /tmp/err"))
        #expect(!allowed("grep a < /etc/passwd"))
        #expect(!allowed("echo x 3> f"))
        #expect(!allowed("echo x > /dev/sda"))
    }

    @Test func workspaceWithTrailingSlashIsNormalized() {
        let decision = ShellPolicy.check("cat a.txt", workspace: "/tmp/opslab/ws-1/", clusterAddresses: [])
        #expect(decision.plan?.workspace == "/tmp/opslab/ws-1")
        #expect(WorkspacePath.isInside("a/./b/../c", workspace: "/w"))
        #expect(WorkspacePath.resolve("a/./b/../c", workspace: "/w") == "/w/a/c")
        #expect(!WorkspacePath.isInside("/w2", workspace: "/w"))
        #expect(!WorkspacePath.isInside("/", workspace: "/w"))
    }
}
