#!/usr/bin/env bash
# Builds the open-set corpus for bench/novelty (audio under bench/out/novelty/audio, never committed)
# and the 57 features of every file with the release `genre features`:
#   gtzan-cuts/   14-s cuts (offsets 0, 8, 16 s) of every GTZAN clip with audio in ../shared/gtzan,
#                 as they are and through an old-recording chain (band-pass 120-4500 Hz plus hiss)
#   gtzan-chain/  the whole 30-s clips through the same old-recording chain, 20 dB quieter, and as 44.1 kHz stereo MP3
#   profile-cuts/, profile-chains/  what scripts/make-novelty-profile.py turns into the detector's profile
#   synthetic/    noise (white, pink, brown), tones, chords, sweeps and espeak-ng speech, 14 s and 30 s
# Outputs: bench/out/novelty/{world,gtzan_full,gtzan_cuts,gtzan_chain,synthetic}.csv
set -euo pipefail
cd "$(dirname "$0")/../.."
SHARED=../shared
OUT=bench/out/novelty
AUDIO=$OUT/audio
mkdir -p "$AUDIO"/{gtzan-cuts,gtzan-chain,synthetic,profile-cuts,profile-chains}
swift build -c release >/dev/null
GENRE=.build/release/genre

clips=$(ls "$SHARED"/gtzan/audio/*/*.wav "$SHARED"/gtzan/audio-44k/*.wav "$SHARED"/gtzan/blues.00099.mp3)

old_chain() {  # $1 in, $2 out: 120-4500 Hz band-pass and hiss 40 dB below full scale, 22050 Hz mono
  local dur; dur=$(soxi -D "$1")
  sox -q "$1" -r 22050 -c 1 -b 16 /tmp/novelty-band.$$.wav sinc 120-4500
  sox -q -n -r 22050 -c 1 -b 16 /tmp/novelty-hiss.$$.wav synth "$dur" whitenoise vol 0.01
  sox -q -m /tmp/novelty-band.$$.wav /tmp/novelty-hiss.$$.wav "$2"
  rm -f /tmp/novelty-band.$$.wav /tmp/novelty-hiss.$$.wav
}

for c in $clips; do
  base=$(basename "$c"); base=${base%.*}
  for off in 0 8 16; do
    cut=$AUDIO/gtzan-cuts/$base.cut$off.wav
    [ -f "$cut" ] || sox -q "$c" "$cut" trim "$off" 14
    [ -f "$AUDIO/gtzan-cuts/$base.cut$off.old.wav" ] || old_chain "$cut" "$AUDIO/gtzan-cuts/$base.cut$off.old.wav"
  done
  # the length profile: cuts of 3, 6, 10, 14 and 20 s (the model learns how a short window's
  # features scatter around the whole clip's)
  for spec in 3:0 3:7 3:14 3:21 6:0 6:12 6:24 10:0 10:10 10:20 14:0 14:8 14:16 20:0 20:10; do
    len=${spec%:*}; off=${spec#*:}
    f=$AUDIO/profile-cuts/$base.len$len.off$off.wav
    [ -f "$f" ] || sox -q "$c" "$f" trim "$off" "$len"
  done
  # the chain profile: chains the detector learns to tolerate (the "old" chain above is kept out of it, as a test)
  P=$AUDIO/profile-chains
  [ -f "$P/$base.lowpass3k.wav" ] || sox -q "$c" -r 22050 -c 1 -b 16 "$P/$base.lowpass3k.wav" sinc -3000
  [ -f "$P/$base.lowpass8k.wav" ] || sox -q "$c" -r 22050 -c 1 -b 16 "$P/$base.lowpass8k.wav" sinc -8000
  if [ ! -f "$P/$base.band7k-hiss50.wav" ]; then
    dur=$(soxi -D "$c")
    sox -q "$c" -r 22050 -c 1 -b 16 /tmp/novelty-b.$$.wav sinc 200-7000
    sox -q -n -r 22050 -c 1 -b 16 /tmp/novelty-h.$$.wav synth "$dur" whitenoise vol 0.003
    sox -q -m /tmp/novelty-b.$$.wav /tmp/novelty-h.$$.wav "$P/$base.band7k-hiss50.wav"
    sox -q -n -r 22050 -c 1 -b 16 /tmp/novelty-h.$$.wav synth "$dur" whitenoise vol 0.018
    sox -q "$c" -r 22050 -c 1 -b 16 /tmp/novelty-b.$$.wav
    sox -q -m /tmp/novelty-b.$$.wav /tmp/novelty-h.$$.wav "$P/$base.hiss35.wav"
    rm -f /tmp/novelty-b.$$.wav /tmp/novelty-h.$$.wav
  fi
  [ -f "$AUDIO/gtzan-chain/$base.old.wav" ] || old_chain "$c" "$AUDIO/gtzan-chain/$base.old.wav"
  [ -f "$AUDIO/gtzan-chain/$base.quiet.wav" ] || sox -q "$c" -r 22050 -c 1 -b 16 "$AUDIO/gtzan-chain/$base.quiet.wav" gain -20
  [ -f "$AUDIO/gtzan-chain/$base.44k.mp3" ] || ffmpeg -loglevel error -y -i "$c" -ar 44100 -ac 2 -b:a 128k "$AUDIO/gtzan-chain/$base.44k.mp3"
done

S=$AUDIO/synthetic
for d in 14 30; do
  for colour in white pink brown; do
    [ -f "$S/noise-$colour-$d.wav" ] || sox -q -n -r 44100 -c 2 -b 16 "$S/noise-$colour-$d.wav" synth "$d" ${colour}noise vol 0.3
  done
  for f in 110 440 1000 3000; do
    [ -f "$S/tone-$f-$d.wav" ] || sox -q -n -r 22050 -c 1 -b 16 "$S/tone-$f-$d.wav" synth "$d" sine "$f" vol 0.4
  done
  [ -f "$S/chord-$d.wav" ] || sox -q -n -r 22050 -c 1 -b 16 "$S/chord-$d.wav" synth "$d" sine 261.6 sine 329.6 sine 392 remix - vol 0.3
  [ -f "$S/sweep-$d.wav" ] || sox -q -n -r 22050 -c 1 -b 16 "$S/sweep-$d.wav" synth "$d" sine 100-8000 vol 0.4
  [ -f "$S/square-$d.wav" ] || sox -q -n -r 22050 -c 1 -b 16 "$S/square-$d.wav" synth "$d" square 220 vol 0.2
done
text="This is a field recording made in the village. The musicians are tuning their instruments and talking before the dance begins, so the first part is speech and not music at all. We will now hear the elders explain the meaning of the song, and then the children will answer them."
for v in en-us en-gb de fr es hi sw ar; do
  [ -f "$S/speech-$v.wav" ] || espeak-ng -v "$v" -w "$S/speech-$v.wav" "$text" 2>/dev/null
  [ -f "$S/speech-$v-14.wav" ] || sox -q "$S/speech-$v.wav" "$S/speech-$v-14.wav" trim 0 14
done

nice $GENRE features "$SHARED"/world/nhs "$SHARED"/world/*.wav -o $OUT/world.csv
nice $GENRE features $clips -o $OUT/gtzan_full.csv
nice $GENRE features "$AUDIO"/gtzan-cuts -o $OUT/gtzan_cuts.csv
nice $GENRE features "$AUDIO"/gtzan-chain -o $OUT/gtzan_chain.csv
nice $GENRE features "$S" -o $OUT/synthetic.csv
nice $GENRE features "$AUDIO"/profile-cuts -o $OUT/profile_cuts.csv
nice $GENRE features "$AUDIO"/profile-chains -o $OUT/profile_chains.csv
wc -l $OUT/*.csv
