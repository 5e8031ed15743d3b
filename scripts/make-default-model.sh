#!/usr/bin/env bash
# Regenerates the bundled default model (Sources/GenreKit/Resources/default.genremodel) from
# GTZAN's published features: the default algorithm (stack, temperature-calibrated on its out-of-fold
# predictions), seed 1, with its 10-fold CV score stored in the file, and the per-aspect classifiers
# (timbre, harmony, dynamics, rhythm) with their own 10-fold CV scores.
# Needs ../shared/gtzan/features_30_sec.csv.
set -euo pipefail
cd "$(dirname "$0")/.."
swift run -c release genre train --features ../shared/gtzan/features_30_sec.csv --seed 1 --cv-folds 10 \
  --name "GTZAN default" --model Sources/GenreKit/Resources/default.genremodel
