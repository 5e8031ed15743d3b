"""Recording chains and format variants, simulated on audio files with sox, ffmpeg and numpy.

Each chain turns one recording (any rate, mono or stereo) into another file, the way the
recording would reach the tool through that chain. They serve three uses:
- bench/chains/bench.py measures how answers move through each chain (the figures in README);
- bench/chains/transfer.py learns how each feature moves (the committed transfer table that
  `genre train` augments its training rows with);
- anyone measuring recording condition (bandwidth, SNR, clipping, ...) can make test material.

Usage:
    python3 bench/chains/chains.py --list
    python3 bench/chains/chains.py CHAIN IN.wav OUT_DIR        # writes OUT_DIR/<stem>.<ext>

Every chain is deterministic: noise and wow use a seed derived from the chain name and the file
name, so the same input always gives the same bytes. Needs sox, ffmpeg (with libmp3lame), numpy,
soundfile; `soxr` for the librosa-resampler variants.
"""
import hashlib
import os
import subprocess
import sys
import tempfile

import numpy as np
import soundfile as sf


def _run(args):
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _seed(name, path):
    return int.from_bytes(hashlib.sha256(f"{name}:{os.path.basename(path)}".encode()).digest()[:8], "little")


def _read(path):
    y, sr = sf.read(path, dtype="float64", always_2d=True)
    return y, sr


def _write(path, y, sr, subtype="PCM_16"):
    # Keep within full scale (PCM writers clip; a float file may exceed 1 but decoders agree).
    sf.write(path, y, sr, subtype=subtype)


def _rms(y):
    return float(np.sqrt(np.mean(np.square(y)))) or 1e-12


def _sox(effects, out_rate=None, bits=None, encoding=None):
    """A chain that runs `sox IN [-b bits] [-e enc] [-r rate] OUT effects...`."""
    def chain(src, dst):
        args = ["sox", "-D", src]  # -D: no dither, so output is deterministic
        if bits:
            args += ["-b", str(bits)]
        if encoding:
            args += ["-e", encoding]
        if out_rate:
            args += ["-r", str(out_rate)]
        _run(args + [dst] + effects)
    return chain


def _ffmpeg(options, ext="wav"):
    def chain(src, dst):
        _run(["ffmpeg", "-nostdin", "-y", "-loglevel", "error", "-i", src, *options, dst])
    chain.ext = ext
    return chain


def _soxr(rate, quality, subtype="FLOAT", stereo=False):
    """librosa.resample(res_type=quality) equivalent (python-soxr), e.g. what a librosa user writes."""
    def chain(src, dst):
        import soxr
        y, sr = _read(src)
        z = soxr.resample(y, sr, rate, quality=quality)
        if stereo and z.shape[1] == 1:
            z = np.hstack([z, z])
        _write(dst, z, rate, subtype)
    return chain


def _add_noise(snr_db=None, dbfs=None, colour="white"):
    """Adds seeded Gaussian noise: `snr_db` below the recording's RMS, or at `dbfs` RMS."""
    def effect(y, sr, rng):
        n = rng.standard_normal(y.shape)
        if colour == "pink":  # 1/f power via FFT shaping
            spec = np.fft.rfft(n, axis=0)
            f = np.maximum(np.fft.rfftfreq(n.shape[0], 1 / sr), 20.0)
            spec /= np.sqrt(f / 20.0)[:, None]
            n = np.fft.irfft(spec, n=n.shape[0], axis=0)
        level = _rms(y) * 10 ** (-snr_db / 20) if snr_db is not None else 10 ** (dbfs / 20)
        return y + n * (level / _rms(n))
    return effect


def _hum(frequency=50.0, db=-30.0, harmonics=(1, 2, 3, 5)):
    """Mains hum: a fundamental and odd/even harmonics, `db` below the recording's RMS."""
    def effect(y, sr, rng):
        t = np.arange(y.shape[0]) / sr
        phase = rng.uniform(0, 2 * np.pi, len(harmonics))
        h = sum(np.sin(2 * np.pi * frequency * k * t + p) / k for k, p in zip(harmonics, phase))
        h *= _rms(y) * 10 ** (db / 20) / _rms(h)
        return y + h[:, None]
    return effect


def _clip(share=0.02):
    """Hard clipping: gain so that `share` of the samples exceed full scale, then clip at ±1."""
    def effect(y, sr, rng):
        level = np.quantile(np.abs(y), 1 - share)
        return np.clip(y / max(level, 1e-9), -1.0, 1.0)
    return effect


def _wow(rate_hz=0.55, depth=0.004, flutter_hz=6.5, flutter_depth=0.0008):
    """Tape wow and flutter: playback speed 1 + depth·sin(2π·rate·t) + flutter, by resampling
    each output instant from a time-varying read position (cubic-free linear interpolation on an
    8x oversampled copy keeps the error below -60 dB)."""
    def effect(y, sr, rng):
        from scipy.signal import resample_poly
        up = 8
        yo = resample_poly(y, up, 1, axis=0)
        t = np.arange(y.shape[0]) / sr
        p1, p2 = rng.uniform(0, 2 * np.pi, 2)
        # Read position (seconds) = ∫ speed dt.
        pos = (t - depth / (2 * np.pi * rate_hz) * (np.cos(2 * np.pi * rate_hz * t + p1) - np.cos(p1))
               - flutter_depth / (2 * np.pi * flutter_hz) * (np.cos(2 * np.pi * flutter_hz * t + p2) - np.cos(p2)))
        idx = np.clip(pos * sr * up, 0, yo.shape[0] - 2)
        i = idx.astype(int)
        f = (idx - i)[:, None]
        return yo[i] * (1 - f) + yo[i + 1] * f
    return effect


def _numpy(*effects, pre=None, post=None, subtype="PCM_16"):
    """A chain of numpy effects, optionally between sox steps (`pre`/`post` effect lists)."""
    def chain(src, dst):
        with tempfile.TemporaryDirectory() as tmp:
            source = src
            if pre:
                source = os.path.join(tmp, "pre.wav")
                _run(["sox", "-D", src, "-b", "32", "-e", "floating-point", source, *pre])
            y, sr = _read(source)
            rng = np.random.default_rng(_seed(chain.name, src))
            for e in effects:
                y = e(y, sr, rng)
            if post:
                mid = os.path.join(tmp, "mid.wav")
                _write(mid, y, sr, "FLOAT")
                _run(["sox", "-D", mid, dst, *post])
            else:
                if subtype.startswith("PCM"):
                    y = np.clip(y, -1.0, 32767 / 32768)
                _write(dst, y, sr, subtype)
    return chain


def _then(first, second):
    """`first` into a temporary file, then `second` (e.g. band-limit, then MP3)."""
    def chain(src, dst):
        with tempfile.TemporaryDirectory() as tmp:
            mid = os.path.join(tmp, "mid.wav")
            first.name = chain.name
            first(src, mid)
            second.name = chain.name
            second(mid, dst)
    chain.ext = getattr(second, "ext", "wav")
    return chain


# name -> (chain, description). `ext` on the chain gives the output extension (default wav).
FORMATS = {
    "sox-44k": (_sox([], out_rate=44100), "sox rate (default -h) to 44.1 kHz, 16-bit"),
    "sox-48k-24bit": (_sox([], out_rate=48000, bits=24), "sox rate to 48 kHz, 24-bit"),
    "sox-96k-float-stereo": (_sox(["channels", "2"], out_rate=96000, bits=32, encoding="floating-point"),
                             "sox rate to 96 kHz, 32-bit float, two identical channels"),
    "ffmpeg-44k-stereo-flac": (_ffmpeg(["-ar", "44100", "-ac", "2", "-c:a", "flac"], ext="flac"),
                               "ffmpeg (swr default) to 44.1 kHz stereo FLAC, 16-bit"),
    "ffmpeg-48k-24bit": (_ffmpeg(["-ar", "48000", "-c:a", "pcm_s24le"]), "ffmpeg (swr default) to 48 kHz, 24-bit"),
    "soxr-hq-44k-float": (_soxr(44100, "HQ"), "librosa.resample(soxr_hq) to 44.1 kHz, float"),
    "soxr-vhq-96k-24bit-stereo": (_soxr(96000, "VHQ", "PCM_24", stereo=True),
                                  "librosa.resample(soxr_vhq) to 96 kHz, 24-bit, stereo"),
    "stereo-24bit": (_sox(["channels", "2"], bits=24), "same rate, 24-bit, two identical channels"),
    # The same music at another playback level (never clipped).
    "ffmpeg-stereo": (_ffmpeg(["-ac", "2"]), "ffmpeg -ac 2 upmix at the same rate: 3 dB quieter (its pan law)"),
    "gain-minus3": (_sox(["vol", "-3dB"]), "3 dB quieter, 16-bit"),
    "gain-plus3-float": (_numpy(lambda y, sr, rng: 10 ** (3 / 20) * y, subtype="FLOAT"),
                         "3 dB louder, 32-bit float (peaks may exceed full scale: not clipped)"),
    "gain-minus6": (_sox(["vol", "-6dB"]), "6 dB quieter, 16-bit"),
    "gain-minus12-24bit": (_sox(["vol", "-12dB"], bits=24), "12 dB quieter, 24-bit"),
    "gain-plus6-float": (_numpy(lambda y, sr, rng: 2 * y, subtype="FLOAT"),
                         "6 dB louder, 32-bit float (peaks may exceed full scale: not clipped)"),
}
# Format variants that change the level (the rest keep it).
LEVEL = {"ffmpeg-44k-stereo-flac", "ffmpeg-stereo", "gain-minus3", "gain-plus3-float", "gain-minus6", "gain-minus12-24bit", "gain-plus6-float"}

CHAINS = {
    # The three of the acceptance line.
    "band-hiss": (_numpy(_add_noise(snr_db=38), pre=["sinc", "120-4500"]),
                  "120-4500 Hz band (sox sinc) plus white hiss 38 dB below the signal"),
    "mp3-64k": (_ffmpeg(["-c:a", "libmp3lame", "-b:a", "64k"], ext="mp3"), "MP3 at 64 kb/s (ffmpeg libmp3lame)"),
    "rate-8k": (_sox([], out_rate=8000), "8 kHz sample rate (sox rate), 16-bit"),
    # Other implementations and strengths of the same chains, and the other chains of the issue.
    "band-hiss-dbfs": (_numpy(_add_noise(dbfs=-38), pre=["sinc", "120-4500"]),
                       "120-4500 Hz band plus white hiss at -38 dBFS"),
    "band-ffmpeg-hiss": (_then(_ffmpeg(["-af", "highpass=f=120:poles=2,lowpass=f=4500:poles=2,"
                                                 "highpass=f=120:poles=2,lowpass=f=4500:poles=2"]),
                               _numpy(_add_noise(snr_db=38))),
                         "120-4500 Hz band (ffmpeg biquads, 4th order) plus white hiss 38 dB below"),
    "mp3-64k-44k-stereo": (_then(_sox(["channels", "2"], out_rate=44100), _ffmpeg(["-c:a", "libmp3lame", "-b:a", "64k"], ext="mp3")),
                           "44.1 kHz stereo copy, then MP3 at 64 kb/s"),
    "mp3-32k": (_ffmpeg(["-c:a", "libmp3lame", "-b:a", "32k"], ext="mp3"), "MP3 at 32 kb/s"),
    "mp3-128k": (_ffmpeg(["-c:a", "libmp3lame", "-b:a", "128k"], ext="mp3"), "MP3 at 128 kb/s"),
    "phone": (_sox(["sinc", "300-3400"], out_rate=8000), "telephone: 300-3400 Hz band at 8 kHz"),
    "rate-11k": (_sox([], out_rate=11025), "11.025 kHz sample rate"),
    "rate-16k": (_sox([], out_rate=16000), "16 kHz sample rate"),
    "lowpass-3k": (_sox(["sinc", "-3000"]), "low-pass at 3 kHz"),
    "lowpass-6k": (_sox(["sinc", "-6000"]), "low-pass at 6 kHz"),
    "lowpass-8k": (_sox(["sinc", "-8000"]), "low-pass at 8 kHz"),
    "lowpass-10k": (_sox(["sinc", "-10000"]), "low-pass at 10 kHz (a resampler's roll-off)"),
    "hiss-30": (_numpy(_add_noise(snr_db=30)), "white hiss 30 dB below the signal"),
    "hiss-20-pink": (_numpy(_add_noise(snr_db=20, colour="pink")), "pink noise 20 dB below the signal"),
    "hum-50": (_numpy(_hum(50, -30)), "50 Hz mains hum (and harmonics) 30 dB below the signal"),
    "hum-60": (_numpy(_hum(60, -24)), "60 Hz mains hum (and harmonics) 24 dB below the signal"),
    "clip-2pct": (_numpy(_clip(0.02)), "hard clipping of 2% of the samples"),
    "clip-10pct": (_numpy(_clip(0.10)), "hard clipping of 10% of the samples"),
    "wow": (_numpy(_wow()), "tape wow (0.55 Hz, ±0.4% speed) and flutter (6.5 Hz, ±0.08%)"),
    "tape": (_numpy(_wow(), _add_noise(snr_db=32), pre=["sinc", "60-7000"]),
             "old tape: 60-7000 Hz band, wow and flutter, hiss 32 dB below"),
    # The canonical narrow band of canonical_narrow.py (resampled to 22050 Hz first, then
    # 300-3300 Hz), alone and after the narrow-band chains: what a recording under the
    # narrow-band gate would be analysed through.
    "narrow-canonical": (_sox(["rate", "-v", "22050", "sinc", "-t", "150", "300-3300"], bits=24),
                         "the canonical narrow band: resampled to 22050 Hz, then 300-3300 Hz (sox sinc -t 150)"),
}
for _name in ["band-hiss", "rate-8k", "phone", "tape", "band-hiss-dbfs", "band-ffmpeg-hiss", "lowpass-3k", "lowpass-6k"]:
    CHAINS[_name + "+narrow"] = (_then(CHAINS[_name][0], CHAINS["narrow-canonical"][0]),
                                 CHAINS[_name][1] + ", then the canonical narrow band")

ALL = {**FORMATS, **CHAINS}
for _name, (_chain, _) in ALL.items():
    _chain.name = _name


def apply(name, src, out_dir):
    """Runs chain `name` on `src`; returns the written path OUT_DIR/<stem>.<ext>."""
    chain, _ = ALL[name]
    os.makedirs(out_dir, exist_ok=True)
    stem = os.path.splitext(os.path.basename(src))[0]
    dst = os.path.join(out_dir, f"{stem}.{getattr(chain, 'ext', 'flac' if 'flac' in name else 'wav')}")
    chain(src, dst)
    return dst


def main(argv):
    if len(argv) == 1 and argv[0] == "--list":
        for name, (_, text) in ALL.items():
            print(f"{name:<28} {text}")
        return
    if len(argv) != 3 or argv[0] not in ALL:
        sys.exit(__doc__)
    print(apply(*argv))


if __name__ == "__main__":
    main(sys.argv[1:])
