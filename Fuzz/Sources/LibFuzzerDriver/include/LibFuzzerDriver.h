// libFuzzer's driver entry point (compiler-rt lib/fuzzer/FuzzerInterface.h). Linked in by
// -sanitize=fuzzer; the fuzz executables call it from main.swift because SwiftPM gives
// every executable target a `main` of its own.
#ifndef RMQLINT_LIBFUZZER_DRIVER_H
#define RMQLINT_LIBFUZZER_DRIVER_H
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
