print("keysweep")
