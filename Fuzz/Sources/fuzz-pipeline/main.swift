import FuzzSupport

Fuzz.runDriver(fuzzPipeline)
