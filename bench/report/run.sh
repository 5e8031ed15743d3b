#!/usr/bin/env bash
# Times `genre report` on 20 GTZAN recordings (release build) and screenshots the report with
# headless Chromium (apt install chromium) so a person can check it is readable.
set -euo pipefail
cd "$(dirname "$0")/../.."
mkdir -p bench/out
swift build -c release >/dev/null
clips=$(ls ../shared/gtzan/audio/*/*.wav | head -20)
/usr/bin/time -f "report of 20 recordings: %e s wall, %M KB max RSS" .build/release/genre report $clips -o bench/out/report.html
ls -la bench/out/report.html
if command -v chromium >/dev/null; then
  chromium --headless --no-sandbox --disable-gpu --window-size=1200,3000 --screenshot="$PWD/bench/out/report.png" "file://$PWD/bench/out/report.html" 2>/dev/null
  echo "screenshot: bench/out/report.png"
fi
