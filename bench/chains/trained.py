"""Format and level invariance of a fitted model on the 41 GTZAN clips with audio in ../shared,
every one of them a training row of the bundled default model (issue 9 item 1: a user's or the
checker's GTZAN clip is one; its copies must get the same answer as the original).

For each format variant of chains.py (audio from simulate.py under bench/out/chains/audio; the
±3 dB variants are made here when missing), `genre classify` of the clean clip and of its copy:
the largest change of a probability, the clip where it happens, the share of clips whose top
genre stays and the share within 0.05 on every probability.

Usage (from the repository root, after `swift build -c release`):
    nice -n 10 python3 bench/chains/trained.py [--model FILE] [--variants a,b] [--json OUT]
"""
import argparse
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(__file__))
import chains  # noqa: E402
from simulate import sources  # noqa: E402

GENRE = ".build/release/genre"
AUDIO = "bench/out/chains/audio"


def variant_file(name, label, path):
    stem = os.path.splitext(os.path.basename(path))[0]
    d = f"{AUDIO}/{name}/{label}"
    hits = [f for f in os.listdir(d) if f.startswith(stem + ".")] if os.path.isdir(d) else []
    return os.path.join(d, hits[0]) if hits else chains.apply(name, path, d)


def classify(model, files):
    args = [GENRE, "classify", "--nearest", "0", "--format", "json"] + (["--model", model] if model else [])
    out = subprocess.run(["nice", "-n", "10", *args, *files], capture_output=True, text=True, check=True)
    return {os.path.realpath(r["file"]): r["probabilities"] for r in json.loads(out.stdout)["recordings"]}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", help="model file (default: the bundled model)")
    ap.add_argument("--variants", default=",".join(chains.FORMATS))
    ap.add_argument("--json", help="also write the per-clip answers here")
    a = ap.parse_args()
    clips = sources()
    names = a.variants.split(",")
    files = {(n, p): variant_file(n, label, p) for n in names for label, p in clips}
    answers = classify(a.model, [p for _, p in clips] + list(files.values()))
    print("| variant | max change of a probability (clip) | same top genre | every probability within 0.05 |")
    print("|---|---|---|---|")
    worst_all = 0.0
    for n in names:
        change = {}
        same = 0
        for _, p in clips:
            c, q = answers[os.path.realpath(p)], answers[os.path.realpath(files[(n, p)])]
            change[p] = max(abs(q[g] - c[g]) for g in c)
            same += max(q, key=q.get) == max(c, key=c.get)
        worst = max(change, key=change.get)
        worst_all = max(worst_all, change[worst]) if n not in chains.LEVEL else worst_all
        within = sum(v <= 0.05 for v in change.values())
        print(f"| {n} | {change[worst]:.3f} ({os.path.basename(worst)}) | {same}/{len(clips)} | {within}/{len(clips)} |")
    print(f"\nworst over the variants that keep the level: {worst_all:.3f}")
    if a.json:
        json.dump(answers, open(a.json, "w"))


if __name__ == "__main__":
    main()
