enum _PlaceholderKeysweepAdvice {}
