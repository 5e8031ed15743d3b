"""How playback level moves the 57 features, measured on the GTZAN clips with audio, and what is
left after the recipe's level normalisation (GenreKit's LevelNormalization, re-implemented here
in numpy from its documented formula, so this is also an independent check of it).

A gain g (Δ = 20·log10 g dB) should scale rms_mean, harmony_mean, perceptr_mean by g and
rms_var, harmony_var, perceptr_var by g², shift mfcc1_mean by Δ·√128, and leave every other
column alone. The script compares that with the features `genre features` computed from the
level variants of chains.py (simulate.py's output), clip by clip.

Usage (from the repository root, after simulate.py):
    python3 bench/chains/level.py [--features bench/out/chains/features]
Prints, per level variant: the measured level change, the largest change of any feature (in
units of the column's std over features_30_sec.csv, variances on a log scale) before and after
normalisation, and the columns that move most.
"""
import os
import sys

import numpy as np
import pandas as pd

sys.path.insert(0, os.path.dirname(__file__))
import chains  # noqa: E402
from logspace import gtzan_space  # noqa: E402

SQUARED = ["rms_var", "harmony_var", "perceptr_var"]
LINEAR = ["harmony_mean", "perceptr_mean"]


def normalise(d):
    """LevelNormalization's formula on a DataFrame of raw features."""
    d = d.copy()
    level = np.maximum(d.rms_mean.values, 1e-10)
    for n in SQUARED:
        d[n] = d[n] / level ** 2
    for n in LINEAR:
        d[n] = np.arcsinh(d[n] / level / 1e-3)
    d["mfcc1_mean"] = d.mfcc1_mean - np.sqrt(128) * 20 * np.log10(level)
    d["rms_mean"] = 0.0
    return d


def main():
    a, table, names, space = gtzan_space()

    scale = space(table).std(axis=0)
    scale_normalised = space(normalise(table)).std(axis=0)
    scale_normalised[scale_normalised == 0] = 1

    def load(name):
        d = pd.read_csv(f"{a.features}/{name}.csv")
        d.index = d.filename.str.rsplit(".", n=1).str[0]
        return d.sort_index()

    clean = load("clean")
    clean = clean[clean.label != "extra"]
    print("| variant | level change (dB, median over clips) | largest feature change, raw (std) | columns that move most, raw | largest change after level normalisation (std) | column |")
    print("|---|---|---|---|---|---|")
    for name in sorted(chains.LEVEL | {"stereo-24bit", "sox-96k-float-stereo"}):
        path = f"{a.features}/{name}.csv"
        if not os.path.exists(path):
            continue
        d = load(name).loc[clean.index]
        db = np.median(20 * np.log10(d.rms_mean.values / clean.rms_mean.values))
        raw = np.abs(space(d) - space(clean)) / scale
        after = np.abs(space(normalise(d)) - space(normalise(clean))) / scale_normalised
        worst_raw = raw.max(axis=0)
        top = ", ".join(f"{names[i]} {worst_raw[i]:.2f}" for i in np.argsort(-worst_raw)[:4])
        worst_after = after.max(axis=0)
        j = int(np.argmax(worst_after))
        clip = clean.index[int(np.argmax(after[:, j]))]
        print(f"| {name} | {db:+.2f} | {worst_raw.max():.3f} | {top} | {worst_after[j]:.4f} | {names[j]} ({clip}) |")


if __name__ == "__main__":
    main()
