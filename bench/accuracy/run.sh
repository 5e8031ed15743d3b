#!/usr/bin/env bash
# Accuracy and calibration of the default recipe beside scikit-learn/XGBoost peers on the same rows:
#   1. the fault-filtered split (Kereliuk, Sturm & Larsen 2015): fitted on train + valid, tested once on test;
#   2. 10-fold cross-validation on all 1000 rows, seeds 1-3, with and without calibration (ECE before/after);
#   3. the selection data: grouped 5-fold CV on train + valid and train -> valid (the only rows the recipe
#      was chosen on; see bench/README.md).
# Usage (from the repository root): bench/accuracy/run.sh [--skip-peers]
#   SEEDS="1 2 3" (default) picks the CV seeds; CV_PEERS=a,b the peers scored on the seed-1 folds.
# Needs ../shared/gtzan and, for the peers, pip install scikit-learn xgboost pandas numpy.
set -euo pipefail
cd "$(dirname "$0")/../.."
GTZAN=../shared/gtzan
CSV=$GTZAN/features_30_sec.csv
SPLIT=$GTZAN/splits/fault-filtered.json
OUT=bench/out/accuracy
mkdir -p "$OUT"
swift build -c release >/dev/null
G=.build/release/genre
summary() { python3 bench/accuracy/summary.py "$1" | sed "s|^[^:]*: ||"; }

echo "== fault-filtered split (fit on train + valid, test once on test)"
for calibration in temperature none; do
  $G evaluate --features $CSV --split $SPLIT --seed 1 --calibration $calibration --format json > "$OUT/split-$calibration.json"
  echo "genre stack, calibration $calibration: $(summary "$OUT/split-$calibration.json")"
done
$G evaluate --features $CSV --split $SPLIT --seed 1 --algorithm robust-stack --format json > "$OUT/split-robust.json"
echo "genre robust-stack, calibration temperature: $(summary "$OUT/split-robust.json")"
[[ "${1:-}" == "--skip-peers" ]] || python3 bench/peers/peers.py $CSV "$OUT/split-temperature.json" --split $SPLIT

echo "== 10-fold cross-validation, all 1000 rows"
for seed in ${SEEDS:-1 2 3}; do
  for calibration in temperature none; do
    /usr/bin/time -f "%e s wall" -o "$OUT/time" $G evaluate --features $CSV --folds 10 --seed $seed --calibration $calibration --format json > "$OUT/cv-$seed-$calibration.json"
    echo "seed $seed, calibration $calibration: $(summary "$OUT/cv-$seed-$calibration.json") ($(cat "$OUT/time"))"
  done
done
$G evaluate --features $CSV --folds 10 --seed 1 --algorithm robust-stack --format json > "$OUT/cv-1-robust.json"
echo "robust-stack seed 1: $(summary "$OUT/cv-1-robust.json")"
[[ "${1:-}" == "--skip-peers" ]] || python3 bench/peers/peers.py $CSV "$OUT/cv-1-temperature.json" --only "${CV_PEERS:-logistic,logistic_logvar,svm_logvar,lda_logvar,knn,qda,random_forest,xgboost,seed_stack}"

echo "== selection data: train + valid only"
python3 bench/accuracy/trainvalid.py "$OUT/select"
for algorithm in stack robust-stack; do
  $G evaluate --features "$OUT/select/trainvalid-groups.csv" --folds 5 --seed 1 --algorithm $algorithm --format json > "$OUT/select-grouped-$algorithm.json"
  echo "$algorithm, grouped 5-fold on train + valid: $(summary "$OUT/select-grouped-$algorithm.json")"
done
echo "(all stack candidates: $G tune --features $OUT/select/trainvalid-groups.csv --algorithm stack --folds 5 --seed 1)"
$G evaluate --features "$OUT/select/trainvalid.csv" --split "$OUT/select/train-to-valid.json" --seed 1 --format json > "$OUT/select-valid.json"
echo "train -> valid: $(summary "$OUT/select-valid.json")"
$G evaluate --features "$OUT/select/trainvalid.csv" --folds 10 --seed 1 --format json > "$OUT/select-random.json"
echo "random 10-fold on train + valid: $(summary "$OUT/select-random.json")"

echo "== training time (1000 rows)"
/usr/bin/time -f "%e s wall, %M KB peak" $G train --features $CSV --seed 1 --model "$OUT/m.genremodel"
