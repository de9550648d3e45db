enum _OpsLabFaultsPlaceholder {}
