"""Format invariance and robustness to recording chains, on GTZAN clips by artists the model
never saw, before and after the robustness work (the figures of bench/chains/README.md).

Protocol (unseen artists, cross-fitted): the 41 clips with audio in ../shared/gtzan are cut into
folds of one artist group each (classical, jazz and rock 00000-00009 are the tuning folds; the
eleven clips of the other seven genres are held out of every tuning decision and scored in three
folds by their fault-filtered partition). For each fold:
- training rows: features_30_sec.csv without the fold's clips and without every clip of the same
  genre in the same fault-filtered partition (or in none), i.e. without their artists;
- the feature-transfer table is refitted without the fold's clips (transfer.py --exclude);
- models: `baseline` (the recipe before: no augmentation, classified with the librosa
  resampler), `sharp` (no augmentation, the sharp resampler), `after` (the default recipe:
  augmentation with the fold's table, sharp resampler);
- every clip is classified clean and through every chain of chains.py (audio from simulate.py).

Usage (from the repository root, after `swift build -c release` and simulate.py):
    python3 bench/chains/bench.py [--folds classical,jazz,...] [--copies N] [--out bench/out/chains/bench]
Prints the tables and writes OUT/results.json.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import pandas as pd

sys.path.insert(0, os.path.dirname(__file__))
import chains  # noqa: E402
from simulate import sources  # noqa: E402

GTZAN = "../shared/gtzan"
GENRE = ".build/release/genre"
ACCEPTANCE = ["band-hiss", "mp3-64k", "rate-8k"]
# Scored by default: the acceptance chains, other implementations of them that the transfer table
# never saw (band-ffmpeg-hiss, mp3-64k-44k-stereo), and the other chains of the issue.
EVALUATED = ACCEPTANCE + ["band-hiss-dbfs", "band-ffmpeg-hiss", "mp3-64k-44k-stereo", "phone", "tape", "lowpass-6k",
                          "hum-50", "clip-2pct", "wow"]
OTHER = {  # held-out folds: clips of the other seven genres, by fault-filtered partition
    "other-valid": ["blues.00000", "blues.00009", "country.00000", "disco.00000", "metal.00000"],
    "other-test": ["country.00044", "hiphop.00000", "pop.00000", "pop.00001", "reggae.00071"],
    "other-train": ["reggae.00000"],
}


def folds():
    out = {g: [f"{g}.{i:05d}" for i in range(10)] for g in ("classical", "jazz", "rock")}
    out.update(OTHER)
    return out


def excluded(test, table, split):
    part = {f: k for k in ("train", "valid", "test") for f in split[k]}
    keys = {(s.split(".")[0], part.get(s + ".wav")) for s in test}
    drop = {f for f, g in zip(table.filename, table.label)
            if any(g == kg and (part.get(f) == kp or part.get(f) is None) for kg, kp in keys)}
    return drop | {s + ".wav" for s in test}


def classify(model, files, resample):
    out = subprocess.run([GENRE, "classify", "--model", model, "--resample", resample, "--nearest", "0",
                          "--format", "json", *files], capture_output=True, text=True)
    if out.returncode != 0:
        sys.stderr.write(out.stderr)
    rows = json.loads(out.stdout)["recordings"]
    return {os.path.basename(r["file"]).rsplit(".", 1)[0]: r["probabilities"] for r in rows}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--folds", default=",".join(folds()))
    ap.add_argument("--out", default="bench/out/chains/bench")
    ap.add_argument("--audio", default="bench/out/chains/audio")
    ap.add_argument("--copies", type=int, default=None)
    ap.add_argument("--models", default="baseline,sharp,after")
    ap.add_argument("--conditions", default=",".join(list(chains.FORMATS) + EVALUATED),
                    help="chains to score (default: the format variants and EVALUATED)")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    table = pd.read_csv(f"{GTZAN}/features_30_sec.csv")
    split = json.load(open(f"{GTZAN}/splits/fault-filtered.json"))
    paths = {os.path.splitext(os.path.basename(p))[0]: p for _, p in sources()}
    names = a.conditions.split(",")
    results = {}  # model -> condition -> stem -> probabilities
    path = f"{a.out}/results.json"
    if os.path.exists(path):
        results = json.load(open(path))
    for fold in a.folds.split(","):
        test = folds()[fold]
        with tempfile.TemporaryDirectory() as tmp:
            train_csv, transfer = f"{tmp}/train.csv", f"{tmp}/transfer.json"
            table[~table.filename.isin(excluded(test, table, split))].to_csv(train_csv, index=False)
            subprocess.run([sys.executable, "bench/chains/transfer.py", "--exclude", ",".join(test), "--out", transfer],
                           check=True, stdout=subprocess.DEVNULL)
            for model in a.models.split(","):
                # baseline and sharp are the same model (no augmentation), classified with two resamplers.
                m = f"{tmp}/{'none' if model in ('baseline', 'sharp') else model}.genremodel"
                args = ["--augment", "none"] if model in ("baseline", "sharp") else ["--chain-transfer", transfer]
                if a.copies and model == "after":
                    args += ["--augment-copies", str(a.copies)]
                if not os.path.exists(m):
                    subprocess.run([GENRE, "train", "--features", train_csv, "--seed", "1", *args, "--model", m],
                                   check=True, stdout=subprocess.DEVNULL)
                resample = "librosa" if model == "baseline" else "sharp"
                got = results.setdefault(model, {})
                got.setdefault("clean", {}).update(classify(m, [paths[s] for s in test], resample))
                for name in names:
                    files = []
                    for s in test:
                        d = f"{a.audio}/{name}/{s.split('.')[0]}"
                        files += [os.path.join(d, f) for f in os.listdir(d) if f.startswith(s + ".")]
                    got.setdefault(name, {}).update(classify(m, files, resample))
        print(f"fold {fold}: {len(test)} clips", flush=True)
        with open(path + ".tmp", "w") as f:
            json.dump(results, f)
        os.replace(path + ".tmp", path)
    report(results)


def summary(results, model, condition, stems):
    probs = results[model][condition]
    stems = [s for s in stems if s in probs]
    truth = [s.split(".")[0] for s in stems]
    pred = [max(probs[s], key=probs[s].get) for s in stems]
    acc = np.mean([t == p for t, p in zip(truth, pred)])
    # Share of answers per genre with every true genre weighted equally (as if clips were spread
    # evenly over the genres present).
    weight = {g: 1 / truth.count(g) for g in set(truth)}
    share = {}
    for t, p in zip(truth, pred):
        share[p] = share.get(p, 0) + weight[t] / len(weight)
    top = max(share, key=share.get)
    return acc, top, share[top], len(stems)


def invariance(results, model, condition, stems):
    clean, other = results[model]["clean"], results[model][condition]
    stems = [s for s in stems if s in other and s in clean]
    dp = max(abs(other[s][g] - clean[s][g]) for s in stems for g in clean[s])
    same = np.mean([max(other[s], key=other[s].get) == max(clean[s], key=clean[s].get) for s in stems])
    return dp, same


def report(results):
    groups = {"tuning (classical, jazz, rock: 30 clips)": [s for f in ("classical", "jazz", "rock") for s in folds()[f]],
              "held out (7 other genres: 11 clips)": [s for f in OTHER for s in OTHER[f]]}
    groups["all 41"] = groups[list(groups)[0]] + groups[list(groups)[1]]
    models = [m for m in ("baseline", "sharp", "after") if m in results]
    for title, stems in groups.items():
        stems = [s for s in stems if s in results[models[0]]["clean"]]
        if not stems:
            continue
        print(f"\n## {title}: {len(stems)} clips scored\n")
        print("| condition | " + " | ".join(f"{m}: accuracy (ratio to clean), top genre share" for m in models) + " |")
        print("|---|" + "---|" * len(models))
        for condition in ["clean"] + [c for c in chains.CHAINS if any(c in results[m] for m in models)]:
            cells = []
            for m in models:
                if condition not in results[m]:
                    cells.append("—")
                    continue
                acc, top, share, n = summary(results, m, condition, stems)
                clean = summary(results, m, "clean", stems)[0]
                ratio = f" ({acc / clean:.2f})" if condition != "clean" and clean > 0 else ""
                cells.append(f"{acc:.2f}{ratio}, {top} {share:.2f}")
            mark = " **" if condition in ACCEPTANCE else ""
            print(f"| {condition}{mark} | " + " | ".join(cells) + " |")
        print("\n| format variant | " + " | ".join(f"{m}: max abs change of a probability, same top genre" for m in models) + " |")
        print("|---|" + "---|" * len(models))
        for condition in chains.FORMATS:
            cells = []
            for m in models:
                if condition not in results[m]:
                    cells.append("—")
                    continue
                dp, same = invariance(results, m, condition, stems)
                cells.append(f"{dp:.3f}, {same:.2f}")
            print(f"| {condition} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    if sys.argv[1:] == ["--report"]:
        report(json.load(open("bench/out/chains/bench/results.json")))
    else:
        main()
