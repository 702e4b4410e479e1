enum _PlaceholderKeysweepRegistry {}
