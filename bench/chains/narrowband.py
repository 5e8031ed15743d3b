"""Probability-level figures of the narrow-band variant (bench/chains/README.md, "Narrow-band
recordings"): for each model and chain, on the tuning folds or the held-out folds of bench.py,
the mean probability of the true genre, the log loss, the share of answers that keep the clip's
clean top genre, the share answered by the narrow-band variant and the measured bandwidth range.

Usage (after bench.py with --models after-k5,narrowband):
    python3 bench/chains/narrowband.py [--out bench/out/chains/bench] [--group tuning|held-out]
        [--models after-k5,narrowband]
"""
import argparse
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
from bench import OTHER, folds  # noqa: E402

CONDITIONS = ["clean", "band-hiss", "band-hiss-dbfs", "band-ffmpeg-hiss", "mp3-64k", "mp3-64k-44k-stereo",
              "rate-8k", "phone", "tape", "lowpass-6k"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="bench/out/chains/bench")
    ap.add_argument("--group", default="tuning", choices=["tuning", "held-out"])
    ap.add_argument("--models", default="after-k5,narrowband")
    a = ap.parse_args()
    r = json.load(open(f"{a.out}/results.json"))
    stems = ([s for f in ("classical", "jazz", "rock") for s in folds()[f]] if a.group == "tuning"
             else [s for f in OTHER for s in OTHER[f]])
    models = a.models.split(",")
    print("| condition | " + " | ".join(f"{m}: p(true genre), log loss, keeps clean top, narrow-band share (bandwidth Hz)"
                                        for m in models) + " |")
    print("|---|" + "---|" * len(models))
    for c in CONDITIONS:
        cells = []
        for m in models:
            got = r.get(m, {}).get(c, {})
            ss = [s for s in stems if s in got]
            if not ss:
                cells.append("—")
                continue
            pt = np.array([got[s][s.split(".")[0]] for s in ss])
            clean = r[m]["clean"]
            keep = np.mean([max(got[s], key=got[s].get) == max(clean[s], key=clean[s].get) for s in ss])
            meta = r[m].get("_meta", {}).get(c, {})
            narrow = [meta[s]["variant"] == "narrowband" for s in ss if s in meta]
            bw = [meta[s]["bandwidth_hz"] for s in ss if s in meta and meta[s]["bandwidth_hz"] is not None]
            share = f"{np.mean(narrow):.2f}" if narrow and meta[ss[0]]["variant"] else "—"
            span = f" ({min(bw):.0f}–{max(bw):.0f})" if bw else ""
            cells.append(f"{pt.mean():.3f}, {-np.log(np.maximum(pt, 1e-6)).mean():.3f}, {keep:.2f}, {share}{span}")
        print(f"| {c} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
