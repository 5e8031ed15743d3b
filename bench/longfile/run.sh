#!/usr/bin/env bash
# Hour-long field-recorder file: 48 kHz, 24-bit, stereo WAV (~1 GB) made from the GTZAN clips in
# ../shared/gtzan/audio (repeated to one hour, upsampled with sox). Classifies it with
# `/usr/bin/time -v` and prints CPU and wall time, peak memory (max RSS), the timeline's coverage and
# the measured condition (compare CPU time, not wall time, when the machine is shared).
# (HOP=30: windows every 30 s, to compare with the default 15)
# Needs: sox, GNU time (apt install sox time). Usage: [HOP=15] bench/longfile/run.sh [WORKDIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
work="${1:-bench/out/longfile}"
mkdir -p "$work"
wav="$work/hour-48k-24bit-stereo.wav"
if [ ! -f "$wav" ]; then
  clips=(../shared/gtzan/audio/*/*.wav)
  list=()
  total=0
  while [ "$total" -lt 3600 ]; do
    for c in "${clips[@]}"; do list+=("$c"); total=$((total + 30)); [ "$total" -ge 3600 ] && break; done
  done
  echo "making $wav from ${#list[@]} clips ..."
  sox "${list[@]}" -r 48000 -b 24 -c 2 "$wav" trim 0 3600
fi
ls -la "$wav"
swift build -c release >/dev/null
/usr/bin/time -v .build/release/genre classify "$wav" --hop-seconds "${HOP:-15}" --format json -o "$work/hour.json" 2> "$work/time.txt"
grep -E "User time|System time|Elapsed|Maximum resident" "$work/time.txt"
python3 - "$work/hour.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["recordings"][0]
s = r["segments"]
print(f"duration {r['duration_seconds']:.1f} s, {len(s)} windows from {s[0]['start_seconds']} to {s[-1]['end_seconds']:.1f} s; genre {r['genre']}")
print("condition", r.get("condition"))
PY
