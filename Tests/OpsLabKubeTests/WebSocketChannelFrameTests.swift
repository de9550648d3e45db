import Foundation
import OpsLabCore
import Testing

@testable import OpsLabKube

@Suite("WebSocket exec framing")
struct WebSocketChannelFrameTests {
    @Test("a frame is its channel byte followed by the payload, and decodes back")
    func roundTrip() {
        let frame = WebSocketChannelFrame(.stdout, Array("hello".utf8))
        #expect(frame.encoded == [1, 104, 101, 108, 108, 111])
        #expect(WebSocketChannelFrame.decode(frame.encoded) == frame)
        #expect(WebSocketChannelFrame.decode([2])?.knownChannel == .stderr)
        #expect(WebSocketChannelFrame.decode([2])?.payload == [])
        #expect(WebSocketChannelFrame.decode([]) == nil)
        #expect(WebSocketChannelFrame.decode([9, 1])?.knownChannel == nil)
    }

    @Test("the v5 close signal for stdin is [255, 0]")
    func closeSignal() {
        #expect(WebSocketChannelFrame.closeSignal(for: .stdin).encoded == [255, 0])
        #expect(ExecChannel.resize.rawValue == 4)
        #expect(ExecChannel.error.rawValue == 3)
    }

    @Test("subprotocol negotiation prefers v5, accepts v4, refuses others")
    func negotiation() {
        #expect(ExecSubprotocol.negotiate("v5.channel.k8s.io") == .v5)
        #expect(ExecSubprotocol.negotiate("v4.channel.k8s.io, v5.channel.k8s.io") == .v5)
        #expect(ExecSubprotocol.negotiate("v4.channel.k8s.io,base64.channel.k8s.io") == .v4)
        #expect(ExecSubprotocol.negotiate("channel.k8s.io") == nil)
        #expect(ExecSubprotocol.negotiate(nil) == nil)
    }

    @Test("the kubelet's statuses are written exactly and read back as kubectl does")
    func statuses() {
        #expect(WebSocketExecStatus.successJSON == #"{"metadata":{},"status":"Success"}"#)
        let failure = WebSocketExecStatus.nonZeroExitJSON(command: ["sh", "-c", "exit 3"], exitCode: 3)
        #expect(
            failure
                == #"{"metadata":{},"status":"Failure","message":"command terminated with non-zero exit code: error executing command [sh -c exit 3], exit code 3","reason":"NonZeroExitCode","details":{"causes":[{"reason":"ExitCode","message":"3"}]}}"#
        )
        let parsed = WebSocketExecStatus(payload: Array(failure.utf8))
        #expect(parsed.kubectlExitCode == 3)
        #expect(parsed.kubectlMessage == "command terminated with exit code 3")
        #expect(WebSocketExecStatus(payload: Array(WebSocketExecStatus.successJSON.utf8)) == .success)
        #expect(WebSocketExecStatus(payload: []) == .success)

        let internalError = WebSocketExecStatus.internalErrorJSON(cause: "failed to exec in container: boom \"x\"")
        let json = try? JSONValue(parsing: internalError)
        #expect(json?["code"]?.intValue == 500)
        #expect(json?["reason"]?.stringValue == "InternalError")
        let read = WebSocketExecStatus(payload: Array(internalError.utf8))
        #expect(read.kubectlExitCode == 1)
        #expect(
            read.kubectlMessage
                == "error: Internal error occurred: error executing command in container: failed to exec in "
                + "container: boom \"x\"")
        #expect(WebSocketExecStatus(payload: Array("nonsense".utf8)).kubectlExitCode == 1)
    }

    @Test("kubectl exec builds kubectl's request path and picks the container like kubectl")
    func execRequest() {
        let path = Kubectl.execPath(
            namespace: "default", pod: "mongo-0", container: "db", command: ["mongo", "--eval", "db.getUsers()"],
            stdin: false)
        #expect(
            path
                == "/api/v1/namespaces/default/pods/mongo-0/exec?command=mongo&command=--eval&"
                + "command=db.getUsers%28%29&container=db&stderr=true&stdout=true")
        let pod: JSONValue = ["metadata": ["name": "p"], "spec": ["containers": [["name": "a"], ["name": "b"]]]]
        var notes: [String] = []
        #expect(Kubectl.execContainer(pod, requested: nil, quiet: false) { notes.append($0) } == "a")
        #expect(notes == ["Defaulted container \"a\" out of: a, b"])
        #expect(Kubectl.execContainer(pod, requested: "b", quiet: false) { notes.append($0) } == "b")
        #expect(notes.count == 1)
    }

    @Test("a refused upgrade reads as the server's Status or as kubectl's upgrade error")
    func refusal() {
        let status = APIStatus(code: 404, reason: "NotFound", message: "pods \"x\" not found")
        let error = Kubectl.refusal(code: 404, body: status.json.jsonData())
        #expect((error as? APIStatus)?.message == "pods \"x\" not found")
        let text = Kubectl.refusal(code: 400, body: Data("container not found (\"c\")\n".utf8))
        #expect("\(text)" == "error: unable to upgrade connection: container not found (\"c\")")
    }
}
