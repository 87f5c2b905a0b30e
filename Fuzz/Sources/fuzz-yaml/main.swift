import FuzzSupport

Fuzz.runDriver(fuzzYAML)
