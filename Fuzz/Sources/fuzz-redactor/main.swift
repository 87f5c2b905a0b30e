import FuzzSupport

Fuzz.runDriver(fuzzRedactor)
