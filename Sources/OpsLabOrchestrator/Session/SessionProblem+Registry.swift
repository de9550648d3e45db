import Foundation

extension SessionProblem {
    /// A session problem from a registry definition, with the prompt from ``TaskPromptBuilder``.
    public init(definition: ProblemDefinition) {
        let prompt = TaskPromptBuilder.prompt(for: definition)
        self.init(
            id: definition.idText, app: definition.app, task: definition.task, fault: definition.fault,
            groundTruth: definition.groundTruth(), description: prompt.description,
            instructions: prompt.instructions, actions: definition.actions, prompt: prompt.text)
    }

    /// Resolves `id` through ``ProblemRegistry``.
    public static func registry(_ id: String) throws -> SessionProblem {
        SessionProblem(definition: try ProblemRegistry.problem(id))
    }
}
