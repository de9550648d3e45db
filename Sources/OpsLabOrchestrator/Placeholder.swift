enum _OpsLabOrchestratorPlaceholder {}
