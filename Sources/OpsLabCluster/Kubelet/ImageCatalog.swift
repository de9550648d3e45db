/// Maps container image references to the built-in roles the `opslab` binary can run.
///
/// An entry registered as `name:tag` matches only that tag; an entry registered as a bare `name`
/// matches every tag of it (and the bare name itself). A `docker.io/` or `docker.io/library/` prefix on
/// the reference is ignored, as a container runtime would normalise it.
public struct ImageCatalog: Sendable, Hashable {
    private var exact: [String: String] = [:]
    private var anyTag: [String: String] = [:]

    /// Creates a catalog with the built-in entries (`opslab/echo` → `echo`, and the pause images → `pause`).
    public init() {
        register("opslab/echo:1.0", role: "echo")
        register("opslab/echo", role: "echo")
        for image in Self.pauseImages { register(image, role: "pause") }
    }

    /// The pause images (every tag): Chaos Mesh's pod-failure default and Kubernetes' sandbox image.
    public static let pauseImages = ["gcr.io/google-containers/pause", "registry.k8s.io/pause", "k8s.gcr.io/pause"]

    /// Creates an empty catalog (no built-in entries).
    public static var empty: ImageCatalog {
        var catalog = ImageCatalog()
        catalog.exact = [:]
        catalog.anyTag = [:]
        return catalog
    }

    /// Adds an image: `name:tag` for one tag, or `name` for every tag.
    public mutating func register(_ image: String, role: String) {
        let (name, tag) = Self.split(Self.normalize(image))
        if let tag {
            exact["\(name):\(tag)"] = role
        } else {
            anyTag[name] = role
        }
    }

    /// The role that runs `image`, or `nil` when the image is unknown (the kubelet reports `ErrImagePull`).
    public func role(for image: String) -> String? {
        let (name, tag) = Self.split(Self.normalize(image))
        if let tag, let role = exact["\(name):\(tag)"] { return role }
        return anyTag[name]
    }

    /// Strips a digest and the default registry prefixes.
    static func normalize(_ image: String) -> String {
        var reference = image
        if let at = reference.firstIndex(of: "@") { reference = String(reference[..<at]) }
        for prefix in ["docker.io/library/", "docker.io/", "index.docker.io/"] where reference.hasPrefix(prefix) {
            reference = String(reference.dropFirst(prefix.count))
            break
        }
        return reference
    }

    /// Splits `name:tag` at the last colon that comes after the last slash (a registry port is not a tag).
    static func split(_ reference: String) -> (name: String, tag: String?) {
        let lastSlash = reference.lastIndex(of: "/") ?? reference.startIndex
        guard let colon = reference[lastSlash...].lastIndex(of: ":") else { return (reference, nil) }
        return (String(reference[..<colon]), String(reference[reference.index(after: colon)...]))
    }
}
