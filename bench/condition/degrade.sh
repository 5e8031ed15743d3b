#!/usr/bin/env bash
# Degraded copies of the GTZAN clips for calibrating the recording-condition warnings
# (`condition` in `genre classify`). For every clip in ../shared/gtzan/audio and audio-44k, writes
# bench/out/condition/<chain>/<clip>.wav (or .flac/.mp3), one folder per chain:
#   clean     the clip as distributed (22050 Hz mono 16-bit; audio-44k clips at 44100 Hz)
#   hires     upsampled to 96 kHz 24-bit stereo (same content: must not warn)
#   tape      band-limited 120–4500 Hz plus white hiss at −38 dBFS RMS (issue 9's tape chain)
#   lowpass   low-passed at 4500 Hz, no hiss
#   hiss38    white hiss at −38 dBFS RMS added, full band
#   hiss50    white hiss at −50 dBFS RMS added, full band
#   mp3-64    MP3 at 64 kb/s (lame), decoded back to WAV by ffmpeg
#   phone8k   resampled to 8 kHz (content stops below 4 kHz)
#   clip6     6 dB of gain, hard-clipped at full scale
#   clip12    12 dB of gain, hard-clipped at full scale
#   dc        a DC offset of +0.05 full scale added
#   quiet     30 dB quieter
# Filtered and noisy chains are 32-bit float WAV (see below). Needs sox, lame, ffmpeg. Usage: bench/condition/degrade.sh [OUTDIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
out="${1:-bench/out/condition}"
mkdir -p "$out"
clips=(../shared/gtzan/audio/*/*.wav ../shared/gtzan/audio-44k/*.wav)
chains=(clean hires tape lowpass hiss38 hiss50 mp3-64 phone8k clip6 clip12 dc quiet)
for c in "${chains[@]}"; do mkdir -p "$out/$c"; done
# Filtered and mixed chains are written as 32-bit float, so filter overshoot on loud clips is not
# clipped (clipping adds broadband distortion: a different chain, tested on its own).
float="-e floating-point -b 32"
# White noise with an RMS of `level` dBFS, as long as the clip, at its rate and channel count.
noise() { # clip level file
  local rate dur
  rate=$(soxi -r "$1"); dur=$(soxi -D "$1")
  # sox's whitenoise is uniform in [-1, 1] (RMS −4.77 dBFS): scale it to the wanted RMS.
  sox -n -r "$rate" -c 1 -b 32 -e floating-point "$3" synth "$dur" whitenoise gain "$(python3 -c "print($2 + 4.7712)")"
}
for clip in "${clips[@]}"; do
  name=$(basename "$clip" .wav)
  [ -f "$out/quiet/$name.wav" ] && continue
  tmp=$(mktemp -d)
  cp "$clip" "$out/clean/$name.wav"
  sox "$clip" -r 96000 -b 24 -c 2 "$out/hires/$name.wav"
  noise "$clip" -38 "$tmp/n38.wav"
  noise "$clip" -50 "$tmp/n50.wav"
  sox "$clip" -e floating-point -b 32 "$tmp/band.wav" sinc 120-4500
  sox -m -v 1 "$tmp/band.wav" -v 1 "$tmp/n38.wav" $float "$out/tape/$name.wav"
  sox "$clip" $float "$out/lowpass/$name.wav" sinc -4500
  sox -m -v 1 "$clip" -v 1 "$tmp/n38.wav" $float "$out/hiss38/$name.wav"
  sox -m -v 1 "$clip" -v 1 "$tmp/n50.wav" $float "$out/hiss50/$name.wav"
  lame --quiet -b 64 "$clip" "$tmp/x.mp3"
  ffmpeg -loglevel error -y -i "$tmp/x.mp3" "$out/mp3-64/$name.wav"
  sox "$clip" $float "$out/phone8k/$name.wav" rate 8000
  sox "$clip" "$out/clip6/$name.wav" gain 6 2>/dev/null
  sox "$clip" "$out/clip12/$name.wav" gain 12 2>/dev/null
  sox "$clip" "$out/dc/$name.wav" dcshift 0.05
  sox "$clip" "$out/quiet/$name.wav" gain -30
  rm -rf "$tmp"
done
echo "wrote ${#chains[@]} chains of ${#clips[@]} clips under $out"
