import Foundation
import OpsLabCore

extension Kubectl {
    func runDelete(_ context: CommandContext) async throws {
        let args = context.args
        let output = context.output
        let allNamespaces = args.flag("all-namespaces")
        let namespace: String? = allNamespaces ? nil : self.namespace(args)
        var victims: [(type: ResourceType, namespace: String?, name: String)] = []
        let files = args.all("filename")
        if !files.isEmpty {
            for manifest in try ManifestLoader.load(files, stdin: context.stdin, environment: environment) {
                let (type, objectNamespace, object) = try await prepare(manifest, args: args)
                victims.append((type, objectNamespace, object.name))
            }
        } else {
            let targets = try await resolveTargets(args.positionals, verb: "delete")
            switch targets {
            case .named(let items):
                if args.flag("all") || args.value("selector") != nil {
                    throw KubectlError.error("name cannot be provided when a selector is specified")
                }
                victims = items.map { ($0.type, scope($0.type, namespace), $0.name) }
            case .collections(let types):
                guard args.flag("all") || args.value("selector") != nil || args.value("field-selector") != nil else {
                    throw KubectlError.error("resource(s) were provided, but no name was specified")
                }
                for type in types {
                    let list = try await listAll(
                        type, namespace: namespace, labelSelector: args.value("selector"),
                        fieldSelector: args.value("field-selector"))
                    for item in list["items"]?.arrayValue ?? [] {
                        victims.append((type, scope(type, item.namespace ?? namespace), item.name))
                    }
                }
                if victims.isEmpty {
                    output.note("No resources found")
                    return
                }
            }
        }
        let gracePeriod = try args.int("grace-period")
        let force = args.flag("force") || args.flag("now")
        if force, gracePeriod == 0 || gracePeriod == nil {
            output.note(
                "Warning: Immediate deletion does not wait for confirmation that the running resource has "
                    + "been terminated. The resource may continue to run on the cluster indefinitely.")
        }
        var deleted: [(type: ResourceType, namespace: String?, name: String)] = []
        for victim in victims {
            do {
                var path = victim.type.objectPath(namespace: victim.namespace, name: victim.name)
                if let grace = force ? (gracePeriod ?? 0) : gracePeriod { path += "?gracePeriodSeconds=\(grace)" }
                _ = try await client.request("DELETE", path)
                let verb = force && (gracePeriod ?? 0) == 0 ? "force deleted" : "deleted"
                output.line("\(victim.type.qualifiedKind) \"\(victim.name)\" \(verb)")
                deleted.append(victim)
            } catch let status as APIStatus where status.code == 404 && args.flag("ignore-not-found") {
                continue
            } catch {
                output.fail(error)
            }
        }
        guard args.bools["wait"] ?? true, !deleted.isEmpty else { return }
        let timeout =
            try args.value("timeout").map { text -> Double in
                guard let seconds = KubectlFormat.parseDuration(text) else {
                    throw KubectlError.error(
                        "invalid argument \"\(text)\" for \"--timeout\" flag: time: invalid duration "
                            + "\"\(text)\"")
                }
                return seconds
            } ?? 60
        try await waitUntilGone(deleted, timeout: timeout, output: output)
    }

    /// Polls until every deleted object answers 404, or the timeout passes.
    private func waitUntilGone(
        _ objects: [(type: ResourceType, namespace: String?, name: String)], timeout: Double, output: KubectlOutput
    ) async throws {
        let start = environment.now()
        var remaining = objects
        var polls = 0
        let maxPolls = Self.maxPolls(timeout: timeout, interval: environment.pollInterval)
        while !remaining.isEmpty {
            polls += 1
            var still: [(type: ResourceType, namespace: String?, name: String)] = []
            for object in remaining {
                do {
                    _ = try await client.get(object.type, namespace: object.namespace, name: object.name)
                    still.append(object)
                } catch let status as APIStatus where status.code == 404 {
                    continue
                }
            }
            remaining = still
            if remaining.isEmpty { return }
            if timeout > 0, environment.now().timeIntervalSince(start) >= timeout || polls >= maxPolls {
                for object in remaining {
                    output.fail(
                        KubectlError.error(
                            "timed out waiting for the condition on "
                                + "\(object.type.qualifiedPlural)/\(object.name)"))
                }
                return
            }
            try await environment.sleep(environment.pollInterval)
        }
    }

    /// How many polls fit into a timeout (a safety net when the injected clock does not advance).
    static func maxPolls(timeout: Double, interval: Duration) -> Int {
        let seconds = Double(interval.components.seconds) + Double(interval.components.attoseconds) / 1e18
        return Int(timeout / max(seconds, 0.01)) + 1
    }
}
