import FuzzSupport

Fuzz.runDriver(fuzzJinja)
