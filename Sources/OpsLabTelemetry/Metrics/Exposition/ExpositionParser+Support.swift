/// A position inside one line of an exposition.
struct ByteCursor {
    let bytes: [UInt8]
    var position: Int
    var end: Int
    let line: Int

    var isAtEnd: Bool { position >= end }
    var peek: UInt8? { position < end ? bytes[position] : nil }

    mutating func advance() { position += 1 }

    /// Skips spaces and tabs and returns how many.
    @discardableResult
    mutating func skipSpaces() -> Int {
        let start = position
        while position < end && (bytes[position] == UInt8(ascii: " ") || bytes[position] == UInt8(ascii: "\t")) {
            position += 1
        }
        return position - start
    }

    mutating func skipOneSpace() -> Bool {
        guard position < end, bytes[position] == UInt8(ascii: " ") || bytes[position] == UInt8(ascii: "\t") else {
            return false
        }
        position += 1
        return true
    }

    mutating func readWhile(_ predicate: (UInt8) -> Bool) -> String {
        let start = position
        while position < end && predicate(bytes[position]) { position += 1 }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    mutating func readRest() -> String {
        let start = position
        position = end
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// Up to 20 bytes from the position, for error messages.
    var preview: String {
        String(decoding: bytes[position..<min(end, position + 20)], as: UTF8.self)
    }

    func error(_ message: String) -> ExpositionError { ExpositionError(line: line, message: message) }
}

/// Collects samples into families, following `# TYPE` and `# HELP` declarations.
struct FamilyBuilder {
    var families: [MetricFamily] = []
    private var indexByName: [String: Int] = [:]
    private var typed: Set<String> = []
    private var helped: Set<String> = []

    mutating func declareType(_ type: MetricType, for name: String, line: Int) throws(ExpositionError) {
        guard typed.insert(name).inserted else {
            throw ExpositionError(line: line, message: "second TYPE line for metric name \"\(name)\"")
        }
        let index = familyIndex(for: name)
        guard families[index].samples.isEmpty else {
            throw ExpositionError(line: line, message: "TYPE line for \"\(name)\" after its samples")
        }
        families[index].type = type
    }

    mutating func declareHelp(_ help: String, for name: String, line: Int) throws(ExpositionError) {
        guard helped.insert(name).inserted else {
            throw ExpositionError(line: line, message: "second HELP line for metric name \"\(name)\"")
        }
        families[familyIndex(for: name)].help = help
    }

    mutating func add(_ sample: ExpositionSample) {
        let name = sample.labels.metricName ?? ""
        if let last = families.indices.last, families[last].owns(metricName: name) {
            families[last].samples.append(sample)
            return
        }
        for suffix in ["_bucket", "_sum", "_count", "_total"] where name.hasSuffix(suffix) {
            let base = String(name.dropLast(suffix.count))
            if let index = indexByName[base], families[index].owns(metricName: name) {
                families[index].samples.append(sample)
                return
            }
        }
        families[familyIndex(for: name)].samples.append(sample)
    }

    private mutating func familyIndex(for name: String) -> Int {
        if let index = indexByName[name] { return index }
        families.append(MetricFamily(name: name))
        indexByName[name] = families.count - 1
        return families.count - 1
    }
}
