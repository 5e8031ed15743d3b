"""Runs every chain of chains.py over the GTZAN audio in ../shared and extracts the features.

Usage (from the repository root, after `swift build -c release`):
    python3 bench/chains/simulate.py [--chains a,b,...] [--out bench/out/chains] [--extra DIR]

Writes OUT/audio/<chain>/<genre>/<clip>.<ext> (one folder per genre, so `genre train --audio`
can read them too) and OUT/features/<chain>.csv (OUT/features-librosa/ with --resample librosa) (`genre features` of that folder, with a label
column), plus OUT/features/clean.csv for the sources themselves. Existing outputs are kept, so a
second run only makes what is missing. `--extra DIR` adds recordings outside GTZAN (label "extra",
e.g. ../shared/world/nhs) to learn feature transfers from; they are never scored.
"""
import argparse
import concurrent.futures as cf
import csv
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(__file__))
import chains  # noqa: E402

GTZAN = "../shared/gtzan"
GENRE = ".build/release/genre"


def sources(extra=None):
    """(label, path) of every clean source clip: audio/<genre>/*.wav and audio-44k/*.wav."""
    out = []
    for d, _, files in os.walk(f"{GTZAN}/audio"):
        out += [(os.path.basename(d), os.path.join(d, f)) for f in files if f.endswith(".wav")]
    k = f"{GTZAN}/audio-44k"
    if os.path.isdir(k):
        out += [(f.split(".")[0], os.path.join(k, f)) for f in os.listdir(k) if f.endswith(".wav")]
    if extra:
        for d, _, files in os.walk(extra):
            out += [("extra", os.path.join(d, f)) for f in files if f.lower().endswith((".wav", ".mp3", ".flac"))]
    return sorted(out, key=lambda p: os.path.basename(p[1]))


def features(folder_or_files, csv_path, labels, resample="sharp"):
    """`genre features` of files, written to csv_path with a label column (from `labels`)."""
    args = folder_or_files if isinstance(folder_or_files, list) else [folder_or_files]
    out = subprocess.run([GENRE, "features", "--resample", resample, "--format", "csv", *args], check=True, capture_output=True, text=True).stdout
    rows = list(csv.reader(out.splitlines()))
    header, body = rows[0], rows[1:]
    tmp = csv_path + ".tmp"
    with open(tmp, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(header + ["label"])
        for r in body:
            w.writerow(r + [labels[os.path.splitext(r[0])[0]]])
    os.replace(tmp, csv_path)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--chains", default=",".join(chains.ALL))
    ap.add_argument("--out", default="bench/out/chains")
    ap.add_argument("--extra", default=None)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--resample", default="sharp", help="genre features --resample (features go to features[-librosa]/)")
    a = ap.parse_args()
    src = sources(a.extra)
    labels = {os.path.splitext(os.path.basename(p))[0]: g for g, p in src}
    fdir = f"{a.out}/features" + ("" if a.resample == "sharp" else f"-{a.resample}")
    os.makedirs(fdir, exist_ok=True)
    clean_csv = f"{fdir}/clean.csv"
    if not os.path.exists(clean_csv):
        features([p for _, p in src], clean_csv, labels, a.resample)
    for name in a.chains.split(","):
        csv_path = f"{fdir}/{name}.csv"
        if os.path.exists(csv_path):
            continue
        jobs = []
        with cf.ThreadPoolExecutor(a.jobs) as pool:
            for genre, path in src:
                jobs.append(pool.submit(chains.apply, name, path, f"{a.out}/audio/{name}/{genre}"))
            for j in jobs:
                j.result()
        features(f"{a.out}/audio/{name}", csv_path, labels, a.resample)
        print(f"{name}: {len(src)} clips", flush=True)


if __name__ == "__main__":
    main()
