enum _PlaceholderKeysweepSources {}
