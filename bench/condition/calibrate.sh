#!/usr/bin/env bash
# Measures the recording condition (`genre classify --format json`, "condition") of the GTZAN
# clips and of their degraded copies (bench/condition/degrade.sh), and prints per chain the spread
# of every measure and how often each warning fires, separately for the clips the thresholds were
# tuned on and the held-out ones (classical/jazz/rock 00007-00009 and the four audio-44k clips).
# Usage: bench/condition/calibrate.sh [OUTDIR]   (needs ../shared/gtzan, sox, lame, ffmpeg)
set -euo pipefail
cd "$(dirname "$0")/../.."
out="${1:-bench/out/condition}"
bench/condition/degrade.sh "$out" >/dev/null
swift build -c release >/dev/null
for dir in "$out"/*/; do
  chain=$(basename "$dir")
  [ -f "$out/$chain.json" ] && [ "$out/$chain.json" -nt .build/release/genre ] && continue
  .build/release/genre classify "$dir" --format json -o "$out/$chain.json" 2>/dev/null || true
done
python3 bench/condition/summarise.py "$out"
