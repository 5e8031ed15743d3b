"""Feasibility study (not in the product yet): one canonical narrow band for every narrow-band
recording, as the canonical 9.5-kHz band did for format variants.

Every clip with audio goes through band-hiss, rate-8k, phone and tape (chains.py), and then,
like the clean clip, through one fixed band: resampled to 22050 Hz first, then band-passed
300-3300 Hz (sox `rate -v 22050 sinc -t 150 300-3300`; a stand-in for a filter of genre's own).
`genre features` of each. Two tables:

1. How far each chain moves the features from the clean clip's (mean |change| in std of the
   published rows, log of the variances), without the band and with it on both sides.
2. Accuracy on unseen artists (bench.py's six folds: training rows without the fold's artists,
   the transfer learnt without the fold's clips) of a stand-in classifier (scikit-learn, chosen
   by MODEL=lr|svc1|svc10), level-dependent columns dropped: the main model on the chain's own
   features, and a narrow model trained on the published rows moved through the band by a ridge
   transfer (alpha 10, clean -> clean through the band, residuals resampled, two copies a row)
   on the chain's features through the band. Tuning folds (classical, jazz, rock) and the 11
   held-out clips apart.

Usage (from the repository root, after `swift build -c release`; needs sox, ffmpeg, numpy,
pandas, soundfile, scikit-learn):
    python3 bench/chains/canonical_narrow.py [--out bench/out/chains/narrow]
"""
import argparse
import glob
import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC

sys.path.insert(0, os.path.dirname(__file__))
import chains  # noqa: E402
from bench import excluded, folds  # noqa: E402
from simulate import sources  # noqa: E402

GTZAN = "../shared/gtzan"
GENRE = os.environ.get("GENRE", ".build/release/genre")
CHAINS = ["band-hiss", "rate-8k", "phone", "tape"]
BAND = ["rate", "-v", "22050", "sinc", "-t", "150", "300-3300"]
# Columns that follow the playback level (genre's level step removes or normalises them).
LEVEL = {"rms_mean", "rms_var", "harmony_mean", "perceptr_mean", "mfcc1_mean"}
MODELS = {"lr": lambda: LogisticRegression(C=1, max_iter=3000), "svc1": lambda: SVC(C=1, gamma="scale"),
          "svc10": lambda: SVC(C=10, gamma="scale")}


def make_audio(out):
    clips = [p for _, p in sources()]
    os.makedirs(f"{out}/clean", exist_ok=True)
    for c in clips:
        dst = f"{out}/clean/{os.path.basename(c)}"
        if not os.path.exists(dst):
            os.symlink(os.path.realpath(c), dst)
    with ThreadPoolExecutor(4) as ex:
        list(ex.map(lambda a: chains.apply(a[0], a[1], f"{out}/{a[0]}"), [(n, c) for n in CHAINS for c in clips]))

    def band(args):
        name, f = args
        d = f"{out}/{name}+band"
        os.makedirs(d, exist_ok=True)
        dst = f"{d}/{os.path.splitext(os.path.basename(f))[0]}.wav"
        subprocess.run(["sox", "-D", f, "-b", "24", dst, *BAND], check=True, stderr=subprocess.DEVNULL)
    with ThreadPoolExecutor(4) as ex:
        list(ex.map(band, [(n, f) for n in ["clean"] + CHAINS for f in glob.glob(f"{out}/{n}/*")]))
    for n in ["clean"] + CHAINS:
        for v in (n, n + "+band"):
            with open(f"{out}/{v}.csv", "w") as f:
                subprocess.run([GENRE, "features", *sorted(glob.glob(f"{out}/{v}/*"))], stdout=f, check=True,
                               stderr=subprocess.DEVNULL)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="bench/out/chains/narrow")
    args = ap.parse_args()
    out = args.out
    if not os.path.exists(f"{out}/tape+band.csv"):
        make_audio(out)
    ref = pd.read_csv(f"{GTZAN}/features_30_sec.csv")
    split = json.load(open(f"{GTZAN}/splits/fault-filtered.json"))
    all_cols = [c for c in ref.columns if c not in ("filename", "length", "label")]

    def logged(df, cols):
        x = df[cols].copy()
        for c in cols:
            if c.endswith("_var"):
                x[c] = np.log(x[c].clip(lower=1e-12))
        return x

    def load(name):
        d = pd.read_csv(f"{out}/{name}.csv")
        d.index = d.filename.map(lambda f: os.path.basename(f).rsplit(".", 1)[0])
        return d

    std = logged(ref, all_cols).std()
    data = {n: load(n) for n in ["clean", "clean+band"] + CHAINS + [c + "+band" for c in CHAINS]}
    groups = {"mfcc": [c for c in all_cols if c.startswith("mfcc")],
              "spectral": [c for c in all_cols if c.startswith(("spectral", "rolloff", "zero"))],
              "chroma": ["chroma_stft_mean", "chroma_stft_var"], "all 57": all_cols}
    print("1. Mean |feature change| from the clean clip, in std (without the band -> both through it)")
    print(f"{'chain':10s} " + " ".join(f"{g:>16s}" for g in groups))
    for c in CHAINS:
        row = []
        for cols in groups.values():
            a = (logged(data[c], cols) - logged(data["clean"], cols).loc[data[c].index]) / std[cols]
            b = (logged(data[c + "+band"], cols) - logged(data["clean+band"], cols).loc[data[c].index]) / std[cols]
            row.append(f"{a.abs().values.mean():.2f} -> {b.abs().values.mean():.2f}")
        print(f"{c:10s} " + " ".join(f"{r:>16s}" for r in row))

    cols = [c for c in all_cols if c not in LEVEL]
    X, y = logged(ref, cols).values, ref.label.values
    rng = np.random.default_rng(1)
    for model in MODELS:
        results = {}
        for fold, test in folds().items():
            keep = ~ref.filename.isin(excluded(test, ref, split)).values
            scaler = StandardScaler().fit(X[keep])
            z = scaler.transform(X[keep])
            main_model = MODELS[model]().fit(z, y[keep])
            known = [s for s in data["clean"].index if s not in test]
            a = scaler.transform(logged(data["clean"].loc[known], cols).values)
            b = scaler.transform(logged(data["clean+band"].loc[known], cols).values)
            ridge = Ridge(alpha=10).fit(a, b - a)
            residuals = (b - a) - ridge.predict(a)
            copies = np.vstack([z + ridge.predict(z) + residuals[rng.integers(len(residuals), size=len(z))] for _ in range(2)])
            narrow_scaler = StandardScaler().fit(copies)
            narrow_model = MODELS[model]().fit(narrow_scaler.transform(copies), np.concatenate([y[keep]] * 2))

            def right(name, s, narrow):
                v = scaler.transform(logged(data[name].loc[[s]], cols).values)
                m = narrow_model.predict(narrow_scaler.transform(v)) if narrow else main_model.predict(v)
                return m[0] == s.split(".")[0]
            for s in test:
                r = results.setdefault(s, {})
                r["clean (main)"] = right("clean", s, False)
                r["clean through the band (narrow)"] = right("clean+band", s, True)
                for c in CHAINS:
                    r[f"{c} (main)"] = right(c, s, False)
                    r[f"{c} through the band (narrow)"] = right(c + "+band", s, True)
        tuning = [s for s in results if s.split(".")[0] in ("classical", "jazz", "rock")]
        held = [s for s in results if s not in tuning]
        print(f"\n2. Accuracy, MODEL={model}: tuning folds ({len(tuning)} clips), held-out ({len(held)}), all ({len(results)})")
        for key in next(iter(results.values())):
            acc = [np.mean([results[s][key] for s in g]) for g in (tuning, held, list(results))]
            print(f"{key:36s} " + "  ".join(f"{v:.2f}" for v in acc))


if __name__ == "__main__":
    main()
