#!/usr/bin/env bash
# `genre index` against `genre features` on the same 1000 30-second recordings, and a re-run of
# `genre index` on the unchanged collection. Prints CPU (user + sys) and wall seconds, peak memory
# (max RSS) and the ratio index / features; the targets are ratio <= 1.10 and re-run < 2 s.
#
# The collection is made once (bench/out/index/collection, ~1.3 GB): the GTZAN clips of
# ../shared/gtzan/audio and audio-44k, each at several volumes (sox `vol`), so every file has
# its own content (the catalogue would recognise byte-identical copies and skip them).
# Both commands run on all cores over the same files with a warm page cache; each is run RUNS
# times and the least-CPU run kept (the least disturbed by other processes).
# Also counts instructions with valgrind (callgrind) on CALLGRIND=20 of the recordings: a
# figure that other load on the machine does not change.
# Needs: sox, GNU time (valgrind optional). Usage: bench/index/run.sh   (N=1000 RUNS=2 by default)
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${N:-1000}
RUNS=${RUNS:-2}
work=bench/out/index
collection="$work/collection-$N"
mkdir -p "$work"

if [ ! -f "$collection/.complete" ]; then
    rm -rf "$collection"
    mapfile -t clips < <(find ../shared/gtzan/audio ../shared/gtzan/audio-44k -name '*.wav' | sort)
    [ "${#clips[@]}" -gt 0 ] || { echo "no clips under ../shared/gtzan/audio" >&2; exit 1; }
    echo "making $N recordings from ${#clips[@]} clips in $collection ..."
    for ((i = 0; i < N; i++)); do
        clip=${clips[$((i % ${#clips[@]}))]}
        round=$((i / ${#clips[@]}))
        genre=$(basename "$(dirname "$clip")")
        mkdir -p "$collection/$genre"
        # A different volume per copy: distinct bytes, the same analysis work.
        sox -V1 "$clip" -r 22050 -b 16 -c 1 "$collection/$genre/$(basename "$clip" .wav)-v$round.wav" vol "0.$((99 - round))"
    done
    touch "$collection/.complete"
fi
count=$(find "$collection" -name '*.wav' | wc -l)

swift build -c release --product genre >/dev/null
GENRE=.build/release/genre
cat "$collection"/*/*.wav > /dev/null  # warm the page cache for both commands

# One run of "$@": prints "cpu wall maxrss_kb".
once() {
    local log
    log=$(mktemp)
    /usr/bin/time -o "$log" -f '%U %S %e %M' "$@" > /dev/null 2>> "$work/stderr.txt" || true
    awk '{ printf "%.2f %.2f %d", $1 + $2, $3, $4 }' "$log"
    rm -f "$log"
}
# Keeps the run with less CPU time ("cpu wall rss" lines).
least() { if [ -z "$1" ] || awk -v a="${2%% *}" -v b="${1%% *}" 'BEGIN { exit !(a < b) }'; then echo "$2"; else echo "$1"; fi; }

catalogue="$work/catalogue.sqlite"
: > "$work/stderr.txt"
echo "recordings: $count (30 s, 22050 Hz 16-bit mono), runs: $RUNS, cores: $(nproc)"
# Alternate the two commands so that a change in the machine's load hits both alike.
features="" index=""
for _ in $(seq "$RUNS"); do
    features=$(least "$features" "$(once "$GENRE" features "$collection" -o "$work/features.csv")")
    rm -f "$catalogue" "$catalogue-wal" "$catalogue-shm"
    index=$(least "$index" "$(once "$GENRE" index "$collection" --catalog "$catalogue")")
done
rerun=""
for _ in 1 2 3; do rerun=$(least "$rerun" "$(once "$GENRE" index "$collection" --catalog "$catalogue")"); done
"$GENRE" index "$collection" --catalog "$catalogue"  # prints the summary line of an unchanged run

read -r fc fw fm <<< "$features"
read -r ic iw im <<< "$index"
read -r rc rw rm_ <<< "$rerun"
awk -v fc="$fc" -v fw="$fw" -v fm="$fm" -v ic="$ic" -v iw="$iw" -v im="$im" -v rc="$rc" -v rw="$rw" -v rm="$rm_" -v n="$count" 'BEGIN {
    printf "genre features        : %7.2f s CPU  %7.2f s wall  %6.0f MB peak  (%.1f ms CPU per recording)\n", fc, fw, fm / 1024, 1000 * fc / n
    printf "genre index (new)     : %7.2f s CPU  %7.2f s wall  %6.0f MB peak  (%.1f ms CPU per recording)\n", ic, iw, im / 1024, 1000 * ic / n
    printf "genre index (re-run)  : %7.2f s CPU  %7.2f s wall  %6.0f MB peak\n", rc, rw, rm / 1024
    printf "index / features: %.3f CPU, %.3f wall (target <= 1.10); re-run %.2f s wall (target < 2 s)\n", ic / fc, iw / fw, rw
}'
ls -la "$catalogue" | awk '{ printf "catalogue: %.1f MB\n", $5 / 1048576 }'

# Instructions (valgrind's callgrind: the same count whatever else the machine is doing) on the
# first CALLGRIND recordings (0 skips it): the per-recording cost of both commands, with the
# fixed start-up costs (model loading) taken out by also counting an empty run of each.
CALLGRIND=${CALLGRIND:-20}
if [ "$CALLGRIND" -gt 0 ] && command -v valgrind > /dev/null; then
    sub="$work/callgrind-$CALLGRIND" one="$work/callgrind-1" cg="$work/callgrind.sqlite"
    # valgrind 3.19 cannot read the DWARF 5 that clang writes for SwiftNIO's C modules: count a
    # copy without debug information, beside the original so that it finds the bundled model.
    strip --strip-debug -o "$GENRE-nodebug" "$GENRE"
    GENRE="$GENRE-nodebug"
    rm -rf "$sub" "$one" && mkdir -p "$sub" "$one"
    mapfile -t all < <(find "$collection" -name '*.wav' | sort)
    cp "${all[@]:0:$CALLGRIND}" "$sub/"
    cp "${all[0]}" "$one/"
    instructions() {
        local log
        log=$(mktemp)
        valgrind --tool=callgrind --callgrind-out-file=/dev/null --log-file="$log" "$@" > /dev/null 2>&1 || true
        awk '/Collected/ { print $NF }' "$log"
        rm -f "$log"
    }
    rm -f "$cg"*; fa=$(instructions "$GENRE" features "$sub" -o /dev/null)
    rm -f "$cg"*; ia=$(instructions "$GENRE" index "$sub" --catalog "$cg")
    rm -f "$cg"*; f1=$(instructions "$GENRE" features "$one" -o /dev/null)
    rm -f "$cg"*; i1=$(instructions "$GENRE" index "$one" --catalog "$cg")
    awk -v fa="$fa" -v ia="$ia" -v f1="$f1" -v i1="$i1" -v n="$CALLGRIND" 'BEGIN {
        fp = (fa - f1) / (n - 1); ip = (ia - i1) / (n - 1)
        printf "instructions per recording (callgrind, %d recordings): features %.0f M, index %.0f M, ratio %.3f\n", n, fp / 1e6, ip / 1e6, ip / fp
        printf "fixed start-up: features %.0f M, index %.0f M (model loading; %.1f%% of features over 1000 recordings)\n", (f1 - fp) / 1e6, (i1 - ip) / 1e6, 100 * ((i1 - ip) - (f1 - fp)) / (1000 * fp)
    }'
fi
