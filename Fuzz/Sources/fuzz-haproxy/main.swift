import FuzzSupport

Fuzz.runDriver(fuzzHAProxy)
