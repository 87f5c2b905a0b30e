import FuzzSupport

Fuzz.runDriver(fuzzINI)
