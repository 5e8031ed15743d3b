#!/usr/bin/env bash
# How much each aspect (timbre, harmony, dynamics, rhythm) says on its own: for each, a CSV of
# features_30_sec.csv restricted to that aspect's columns, `genre evaluate --algorithm svm`
# (the per-aspect classifier of the model file) on 10 folds with seeds 1-3, scikit-learn's SVC
# and logistic regression on exactly the same folds, and scikit-learn's SVC on the artist-filtered
# split (train+valid -> test, ../shared/gtzan/splits/fault-filtered.json), which random folds
# flatter; all 57 columns with the same SVM for comparison. Usage: bench/aspects/run.sh   (needs ../shared/gtzan; pip install scikit-learn pandas)
set -euo pipefail
cd "$(dirname "$0")/../.."
out=bench/out/aspects
mkdir -p "$out"
swift build -c release >/dev/null
python3 bench/aspects/aspects.py split ../shared/gtzan/features_30_sec.csv "$out"
for aspect in timbre harmony dynamics rhythm all57; do
  for seed in 1 2 3; do
    .build/release/genre evaluate --features "$out/$aspect.csv" --algorithm svm --folds 10 --seed "$seed" --format json \
      > "$out/$aspect-$seed.json"
  done
done
python3 bench/aspects/aspects.py score ../shared/gtzan/features_30_sec.csv "$out" ../shared/gtzan/splits/fault-filtered.json
