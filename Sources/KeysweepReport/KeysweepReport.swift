enum _PlaceholderKeysweepReport {}
