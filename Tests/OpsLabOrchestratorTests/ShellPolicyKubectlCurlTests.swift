import Testing

@testable import OpsLabOrchestrator

@Suite struct ShellPolicyKubectlCurlTests {
    private let allowed = ShellPolicyFixture.allowed
    private let refusal = ShellPolicyFixture.refusal

    @Test func ordinaryKubectlIsAllowed() {
        for line in [
            "kubectl get pods -n test-hotel-reservation", "kubectl get pods -owide", "kubectl -n x get pods -o wide",
            "kubectl logs geo-1 -n test-hotel-reservation --tail 100", "kubectl logs geo-1 -p",
            "kubectl logs -lapp=frontend", "kubectl describe pod geo-1", "kubectl get events --sort-by=.lastTimestamp",
            "kubectl patch deploy geo -p '{\"spec\":{\"replicas\":1}}'", "kubectl scale deploy geo --replicas=1",
            "kubectl exec geo-1 -- ls /", "kubectl exec -it geo-1 -- ls /", "kubectl exec -it geo-1 -- sh -c 'env'",
            "kubectl exec geo-1 -- sh -c 'mongo --eval 1'", "kubectl rollout status deploy/geo -w",
            "kubectl apply -f fix.yaml", "kubectl apply -f -", "kubectl cp ns/pod:/etc/x ./x",
            "kubectl get pods --watch=false", "kubectl delete pod geo-1 -n test-hotel-reservation",
        ] {
            #expect(allowed(line), "\(line): \(refusal(line))")
        }
    }

    @Test func interactiveAndEndlessKubectlIsRefused() {
        #expect(refusal("kubectl edit svc geo") == "Error: Cannot use `kubectl edit`. Use `kubectl patch` instead.")
        #expect(refusal("kubectl -n x edit deploy/geo").contains("kubectl patch"))
        #expect(
            refusal("kubectl port-forward svc/geo 8080:8083").hasPrefix(
                "Error: Cannot use `kubectl port-forward` because it is an interactive command."))
        #expect(refusal("kubectl port-forward svc/geo 1:2").contains("curl -s http://"))
        #expect(refusal("kubectl logs -f geo-1") == "Error: Cannot use `kubectl logs -f`. Use `kubectl logs` instead.")
        #expect(!allowed("kubectl logs geo-1 --follow"))
        #expect(!allowed("kubectl logs geo-1 --follow=true"))
        #expect(!allowed("kubectl logs -pf geo-1"))
        #expect(!allowed("kubectl -n x logs geo-1 -f"))
        #expect(refusal("kubectl get pods -w").contains("never ends"))
        #expect(!allowed("kubectl get pods --watch"))
        #expect(!allowed("kubectl get pods --watch-only"))
        #expect(!allowed("kubectl get pods -Aw"))
        #expect(!allowed("kubectl events -w"))
        #expect(refusal("kubectl attach geo-1").contains("kubectl logs"))
        #expect(refusal("kubectl proxy").contains("never ends"))
        #expect(refusal("kubectl exec -it geo-1 -- sh").contains("interactive session"))
        #expect(!allowed("kubectl exec -it geo-1 -- /bin/bash"))
        #expect(!allowed("kubectl exec -ti geo-1 -n x -- bash -l"))
        #expect(!allowed("kubectl exec --stdin --tty geo-1 -- sh"))
        #expect(!allowed("kubectl run -it tmp --image=busybox"))
        #expect(!allowed("kubectl debug -it geo-1 --image=busybox -- sh"))
        #expect(allowed("kubectl run tmp --image=busybox -- sh"))
    }

    @Test func kubectlCannotLeaveTheClusterOrWorkspace() {
        #expect(refusal("kubectl --kubeconfig /root/.kube/config get pods").contains("already connected"))
        #expect(!allowed("kubectl get pods --server=https://10.0.0.1"))
        #expect(!allowed("kubectl get pods -s https://10.0.0.1"))
        #expect(!allowed("kubectl apply -f /etc/x.yaml"))
        #expect(!allowed("kubectl apply --filename=../x.yaml"))
        #expect(!allowed("kubectl apply -k /etc"))
        #expect(!allowed("kubectl cp ns/pod:/etc/x /tmp/x"))
        #expect(allowed("kubectl exec geo-1 -- cat /etc/passwd"))
    }

    @Test func curlOnlyReachesClusterAddresses() {
        for line in [
            "curl http://127.42.0.5:5000/hotels", "curl -s 127.42.3.4:8080", "curl https://127.9.9.9/",
            "curl -sS -m 5 -H 'Accept: x' http://127.77.1.2/a?b=c", "curl --url http://127.42.0.1/",
            "curl -X POST -d '{\"a\":1}' http://127.42.0.1/", "curl -o out.html http://127.42.0.1/",
            "curl -s -o /dev/null -w '%{http_code}' http://127.42.0.1/", "curl -d @body.json http://127.42.0.1/",
        ] {
            #expect(allowed(line), "\(line): \(refusal(line))")
        }
        #expect(refusal("curl http://example.com").contains("`example.com`"))
        #expect(refusal("curl http://example.com").contains("kubectl get svc"))
        for line in [
            "curl http://127.0.0.1/", "curl http://localhost:8080/", "curl http://127.43.0.1/",
            "curl http://127.9.9.10/", "curl http://127.1/", "curl http://2130706433/", "curl http://0x7f.42.0.1/",
            "curl http://127.42.0.1.evil.com/", "curl http://127.42.0.1@evil.com/", "curl file:///etc/passwd",
            "curl ftp://127.42.0.1/", "curl http://[::1]/", "curl http://127.42.0.{1,2}/",
            "curl -s http://127.42.0.1/ http://8.8.8.8/", "curl http://127.77.1.2.example/", "curl gopher://x",
            "curl -x http://127.42.0.1:3128 http://example.com", "curl --resolve a:80:127.42.0.1 http://a/",
            "curl -L http://127.42.0.1/", "curl -K cfg http://127.42.0.1/", "curl --unix-socket /s http://127.42.0.1/",
            "curl -o /tmp/x http://127.42.0.1/", "curl --output ../x http://127.42.0.1/",
            "curl -d @/etc/passwd http://127.42.0.1/", "curl -T /etc/passwd http://127.42.0.1/",
            "curl -F f=@/etc/passwd http://127.42.0.1/", "curl -c /tmp/jar http://127.42.0.1/",
            "curl 'evil.com:80'", "curl localhost",
        ] {
            #expect(!allowed(line), "\(line) was allowed")
        }
        #expect(refusal("curl -L http://127.42.0.1/").contains("redirects"))
    }

    @Test func clusterAddressPatterns() {
        let m = ClusterAddressMatcher(["127.42.0.0/16", "127.5.5.5", "127.8.", "10.0.0.0/0x"])
        #expect(m.matches("127.42.255.1"))
        #expect(!m.matches("127.43.0.1"))
        #expect(m.matches("127.5.5.5"))
        #expect(!m.matches("127.5.5.50"))
        #expect(m.matches("127.8.1.1"))
        #expect(!m.matches("127.80.1.1"))
        #expect(!m.matches("127.042.0.1"))
        #expect(!m.matches("10.0.0.1"))
        #expect(ClusterAddressMatcher(["127.0.0.0/8"]).matches("127.200.1.1"))
        #expect(ClusterAddressMatcher(["localhost"]).matches("LOCALHOST"))
        #expect(!ClusterAddressMatcher([]).matches("127.0.0.1"))
    }
}
