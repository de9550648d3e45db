enum _OpsLabWorkloadPlaceholder {}
