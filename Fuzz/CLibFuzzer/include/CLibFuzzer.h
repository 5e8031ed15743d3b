#ifndef GENRE_CLIBFUZZER_H
#define GENRE_CLIBFUZZER_H
#include <stddef.h>
#include <stdint.h>

/// libFuzzer's driver (compiler-rt, FuzzerInterface.h): parses libFuzzer's command-line flags
/// and runs the fuzzing loop on `callback`. The fuzz targets' own `main` calls it, because
/// SwiftPM gives every executable its own entry point, so libFuzzer's `main` is not used.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
