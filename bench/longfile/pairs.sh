#!/usr/bin/env bash
# The hop-15 / hop-30 ratio on the hour-long file, alternated: N pairs of `genre classify` at
# --hop-seconds 30 then 15, CPU seconds (user + system) and peak RSS of each, each pair's ratio,
# and the medians. On a shared or virtual machine single runs vary by 10-20%, so take the
# medians of several pairs (or callgrind instruction counts, which do not vary).
# Needs: the hour file bench/longfile/run.sh makes, GNU time, awk.
# Usage: bench/longfile/pairs.sh [N (default 5)] [BINARY (default .build/release/genre)] [WORKDIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
n="${1:-5}"
bin="${2:-.build/release/genre}"
work="${3:-bench/out/longfile}"
wav="$work/hour-48k-24bit-stereo.wav"
[ -f "$wav" ] || { echo "no $wav: run bench/longfile/run.sh first" >&2; exit 1; }
[ "$bin" != .build/release/genre ] || swift build -c release >/dev/null
for i in $(seq "$n"); do
  for h in 30 15; do
    /usr/bin/time -f "%U %S %M" -o "$work/pair-time.txt" "$bin" classify "$wav" --hop-seconds "$h" --format json -o "$work/pair-$h.json"
    read -r u s m < "$work/pair-time.txt"
    echo "$h $u $s $m"
  done
done | awk '
  { cpu = $2 + $3; printf "hop %s: %.2f s CPU (%.2f user + %.2f sys), peak RSS %d MB\n", $1, cpu, $2, $3, $4 / 1024
    if ($1 == 30) { a[++k] = cpu; ra = $4 } else { b[k] = cpu; rb = $4 > rb ? $4 : rb; printf "  pair %d: ratio %.3f\n", k, cpu / a[k] } }
  function median(x, n,   i, j, t, y) { for (i = 1; i <= n; i++) y[i] = x[i]
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (y[j] < y[i]) { t = y[i]; y[i] = y[j]; y[j] = t }
    return n % 2 ? y[(n + 1) / 2] : (y[n / 2] + y[n / 2 + 1]) / 2 }
  END { m30 = median(a, k); m15 = median(b, k)
        printf "medians: hop 30 %.2f s, hop 15 %.2f s, ratio %.3f; peak RSS at hop 15 up to %d MB\n", m30, m15, m15 / m30, rb / 1024 }'
