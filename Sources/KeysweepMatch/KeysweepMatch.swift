enum _PlaceholderKeysweepMatch {}
