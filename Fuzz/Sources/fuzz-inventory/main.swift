import FuzzSupport

Fuzz.runDriver(fuzzInventory)
