enum _PlaceholderKeysweepScan {}
