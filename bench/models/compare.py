#!/usr/bin/env python3
"""Two model files, the same recordings: how far apart are their answers?

Classifies the recordings with each model (`genre classify --format json`) and prints the
largest change of any number in the answers (recording and window probabilities, aspects,
novelty), per JSON path, and how many recordings keep their top genre and novelty verdict.
Used for changes that must not change answers, e.g. how a model is stored (bench/README.md,
"Model size").

    python3 bench/models/compare.py OLD.genremodel NEW.genremodel [PATHS...]

PATHS default to ../shared/gtzan/audio, ../shared/gtzan/audio-44k and ../shared/world (the 41
GTZAN clips with audio, the field recordings and the other non-GTZAN music). Needs a release
build (`swift build -c release`).
"""
import json
import subprocess
import sys
import tempfile

GENRE = ".build/release/genre"
DEFAULT_PATHS = ["../shared/gtzan/audio", "../shared/gtzan/audio-44k", "../shared/world"]


def classify(model, paths):
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        subprocess.run([GENRE, "classify", "--model", model, *paths, "--format", "json", "-o", out.name],
                       check=True, stderr=subprocess.DEVNULL)
        return {r["file"]: r for r in json.load(open(out.name))["recordings"]}


def walk(a, b, path, worst):
    """Largest |a - b| per path; any other difference (strings, lengths) is counted as 1."""
    if isinstance(a, dict):
        for key in a:
            walk(a[key], b.get(key) if isinstance(b, dict) else None, f"{path}/{key}", worst)
    elif isinstance(a, list):
        if not isinstance(b, list) or len(a) != len(b):
            worst[path + " (length)"] = 1.0
            return
        for x, y in zip(a, b):
            walk(x, y, path + "[]", worst)
    elif isinstance(a, (int, float)) and not isinstance(a, bool) and isinstance(b, (int, float)):
        worst[path] = max(worst.get(path, 0.0), abs(a - b))
    elif a != b:
        worst[path + " (differs)"] = 1.0


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    old, new = sys.argv[1], sys.argv[2]
    paths = sys.argv[3:] or DEFAULT_PATHS
    a, b = classify(old, paths), classify(new, paths)
    if a.keys() != b.keys():
        sys.exit("the two runs answered different recordings")
    worst = {}
    for name in a:
        walk(a[name], b[name], "", worst)
    print(f"{len(a)} recordings")
    print("keep the top genre:", sum(a[n]["genre"] == b[n]["genre"] for n in a))
    print("keep the novelty verdict:", sum(a[n]["novelty"]["unfamiliar"] == b[n]["novelty"]["unfamiliar"] for n in a))
    print("answered by the narrow-band model:", sum(a[n].get("model_variant") == "narrowband" for n in a))
    print("largest changes:")
    for path, d in sorted(worst.items(), key=lambda kv: -kv[1])[:12]:
        print(f"  {d:.3g}  {path}")


if __name__ == "__main__":
    main()
