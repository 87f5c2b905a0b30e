import FuzzSupport

Fuzz.runDriver(fuzzErlang)
