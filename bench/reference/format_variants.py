"""librosa reference values for Tests/FeaturesTests/FormatInvarianceTests.swift (run once, by hand).

The Swift test writes its format variants of blues.00000.wav (44.1/48/96 kHz, 16/24-bit or
float, mono/stereo, WAV/FLAC) into $GENRE_WRITE_VARIANTS when that is set:

    GENRE_WRITE_VARIANTS=/tmp/variants swift test --filter FormatInvarianceTests
    python3 bench/reference/format_variants.py /tmp/variants/v*.wav /tmp/variants/v*.flac

This prints one Swift dictionary entry per file, `"name": [length, 57 features]`, computed exactly as
../shared/reference/librosa_kaggle_features.py does: `librosa.load(path, sr=22050)` (soundfile
decode, channel mean, soxr_hq resampling) then its features() with pre-0.9 'reflect' padding.
Paste the entries into `FormatInvarianceTests.librosa`. Never run by `swift test`.

Needs: librosa 0.11 (+ soundfile, soxr), numpy. Set GENRE_REFERENCE_DIR to the directory holding
librosa_kaggle_features.py if it is not at ../shared/reference relative to the repository root.
"""
import os
import sys
from pathlib import Path

import librosa
import soundfile

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, os.environ.get("GENRE_REFERENCE_DIR", str(REPO.parent / "shared" / "reference")))
import librosa_kaggle_features as ref  # noqa: E402

NAMES = ([f"{b}_{s}" for b in ["chroma_stft", "rms", "spectral_centroid", "spectral_bandwidth", "rolloff",
                                "zero_crossing_rate", "harmony", "perceptr"] for s in ["mean", "var"]]
         + ["tempo"] + [f"mfcc{k}_{s}" for k in range(1, 21) for s in ["mean", "var"]])


def main(paths):
    print(f"// librosa {librosa.__version__}, soundfile {soundfile.__version__}")
    for path in sorted(paths):
        info = soundfile.info(path)
        y, sr = librosa.load(path, sr=22050)
        f = ref.features(y, sr)
        values = [f["length"]] + [f[n] for n in NAMES]
        assert len(values) == 58
        print(f"// {info.samplerate} Hz, {info.channels} ch, {info.subtype}")
        body = ", ".join(repr(float(v)) for v in values)
        print(f'"{Path(path).name}": [{body}],')
        print(f"{Path(path).name}: tempo {f['tempo']}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
