import Foundation
import Testing

@testable import OpsLabCore

@Suite("Evaluation metrics")
struct EvaluationTests {
    let mongoGeo = GroundTruth(
        faultyComponents: ["mongodb-geo"], aliases: ["mongodb-geo": ["geo"]], systemLevel: .application,
        faultType: .authenticationIssue)

    @Test("detection: Yes for a fault, No for the control, missing is Invalid Format")
    func detection() {
        #expect(DetectionOutcome(submission: .detection(hasAnomaly: true), truth: mongoGeo) == .correct)
        #expect(DetectionOutcome(submission: .detection(hasAnomaly: false), truth: mongoGeo) == .incorrect)
        #expect(DetectionOutcome(submission: .detection(hasAnomaly: false), truth: .noFault) == .correct)
        #expect(DetectionOutcome(submission: .detection(hasAnomaly: true), truth: .noFault) == .incorrect)
        #expect(DetectionOutcome(submission: nil, truth: mongoGeo) == .invalidFormat)
        #expect(DetectionOutcome(submission: .localization(["geo"]), truth: mongoGeo) == .invalidFormat)
        #expect(DetectionOutcome.invalidFormat.rawValue == "Invalid Format")
    }

    @Test("localization: exact, alias, superset, wrong, missing")
    func localization() {
        let exact = LocalizationScore(answer: ["mongodb-geo"], truth: mongoGeo)
        #expect(exact.exact && exact.success && exact.isSubset)
        #expect(exact.accuracy == 100)
        let alias = LocalizationScore(answer: ["Geo"], truth: mongoGeo)
        #expect(alias.exact)
        #expect(alias.normalizedAnswer == ["mongodb-geo"])
        let noAlias = LocalizationScore(answer: ["geo"], truth: GroundTruth(faultyComponents: ["mongodb-geo"]))
        #expect(!noAlias.exact && !noAlias.isSubset && noAlias.accuracy == 0)
        let superset = LocalizationScore(answer: ["frontend", "geo", "search", "rate"], truth: mongoGeo)
        #expect(!superset.exact && !superset.success && superset.isSubset)
        #expect(superset.accuracy == 25)
        #expect(superset.accuracy(at: 1) == 0)
        #expect(superset.accuracy(at: 3) == 1)
        let late = LocalizationScore(answer: ["a", "b", "c", "geo"], truth: mongoGeo)
        #expect(late.accuracy(at: 3) == 0)
        let duplicate = LocalizationScore(answer: ["geo", "mongodb-geo"], truth: mongoGeo)
        #expect(duplicate.exact && duplicate.accuracy == 100)
        let wrong = LocalizationScore(answer: ["rate"], truth: mongoGeo)
        #expect(!wrong.isSubset && wrong.accuracy == 0 && wrong.accuracy(at: 1) == 0)
        let missing = LocalizationScore(submission: nil, truth: mongoGeo)
        #expect(!missing.exact && !missing.isSubset && missing.accuracy == 0 && missing.accuracy(at: 3) == 0)
    }

    @Test("localization with several targets and with none")
    func localizationEdges() {
        let two = GroundTruth(faultyComponents: ["geo", "rate"])
        let half = LocalizationScore(answer: ["geo", "x", "y"], truth: two)
        #expect(half.accuracy(at: 1) == 1)
        #expect(half.accuracy(at: 3) == 0.5)
        #expect(!half.isSubset && half.accuracy == 0)
        let both = LocalizationScore(answer: ["rate", "geo", "z"], truth: two)
        #expect(both.isSubset && !both.exact)
        #expect(abs(both.accuracy - 200.0 / 3.0) < 1e-9)
        #expect(LocalizationScore(answer: [], truth: .noFault).exact)
        #expect(LocalizationScore(answer: [], truth: .noFault).accuracy(at: 1) == 1)
        #expect(LocalizationScore(answer: ["geo"], truth: .noFault).accuracy == 0)
        #expect(!LocalizationScore(answer: ["geo"], truth: .noFault).isSubset)
    }

    @Test("analysis: each part scored, submit() right only without a fault")
    func analysis() {
        let right = AnalysisScore(
            submission: .analysis(AnalysisAnswer(systemLevel: .application, faultType: .authenticationIssue)),
            truth: mongoGeo)
        #expect(right.success)
        let halfRight = AnalysisScore(
            submission: .analysis(AnalysisAnswer(systemLevel: .application, faultType: .misconfiguration)),
            truth: mongoGeo)
        #expect(halfRight.systemLevelCorrect && !halfRight.faultTypeCorrect && !halfRight.success)
        let wrongLevel = AnalysisScore(
            submission: .analysis(AnalysisAnswer(systemLevel: .virtualization, faultType: .authenticationIssue)),
            truth: mongoGeo)
        #expect(!wrongLevel.systemLevelCorrect && wrongLevel.faultTypeCorrect)
        #expect(!AnalysisScore(submission: .analysis(nil), truth: mongoGeo).success)
        #expect(AnalysisScore(submission: .analysis(nil), truth: .noFault).success)
        #expect(!AnalysisScore(submission: nil, truth: mongoGeo).systemLevelCorrect)
        let noKey = GroundTruth(faultyComponents: ["geo"])
        #expect(
            !AnalysisScore(
                submission: .analysis(
                    AnalysisAnswer(
                        systemLevel: .application,
                        faultType: .misconfiguration)), truth: noKey
            ).success)
    }

    @Test("timing: TTx, wall time and framework overhead from injected timestamps")
    func timing() {
        let t0 = Date(timeIntervalSince1970: 1000)
        let timing = EpisodeTiming(
            setupStart: t0, start: t0.addingTimeInterval(8), end: t0.addingTimeInterval(50), agentSeconds: 30)
        #expect(timing.timeToX == 42)
        #expect(timing.wallSeconds == 50)
        #expect(timing.frameworkOverhead == 20)
        #expect(EpisodeTiming(start: t0, end: t0.addingTimeInterval(5)).frameworkOverhead == nil)
    }

    @Test("tokens: reported when every agent step reports, else a labelled ~4 chars/token estimate")
    func tokens() {
        #expect(TokenCount.estimate("") == TokenCount(0, .estimated))
        #expect(TokenCount.estimate("abcd").value == 1)
        #expect(TokenCount.estimate("abcde").value == 2)
        let at = Date(timeIntervalSince1970: 0)
        var trace = SessionTrace()
        trace.append(
            TraceStep(
                role: .assistant, content: "12345678", timestamp: at, reportedInputTokens: 100,
                reportedOutputTokens: 7))
        trace.append(TraceStep(role: .env, content: String(repeating: "x", count: 40), timestamp: at))
        #expect(trace.tokenUsage == TokenUsage(input: TokenCount(100, .reported), output: TokenCount(7, .reported)))
        #expect(!trace.tokenUsage.isEstimated)
        trace.append(TraceStep(role: .assistant, content: "1234", timestamp: at))
        #expect(trace.tokenUsage == TokenUsage(input: TokenCount(10, .estimated), output: TokenCount(3, .estimated)))
        #expect(trace.tokenUsage.isEstimated)
        #expect(SessionTrace().tokenUsage.input == TokenCount(0, .estimated))
    }
}
