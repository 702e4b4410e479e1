enum _PlaceholderKeysweepRules {}
