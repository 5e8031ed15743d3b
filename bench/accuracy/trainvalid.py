"""Writes the selection data of the default recipe: the fault-filtered split's train + valid rows
only (the 290 test rows are never written), for choosing the recipe without touching the test rows.

    python3 bench/accuracy/trainvalid.py OUT_DIR

OUT_DIR/trainvalid.csv         the 640 train + valid rows of features_30_sec.csv
OUT_DIR/trainvalid-groups.csv  the same rows renamed GENRE.gNNN.NUMBER.wav, NNN numbering each run of
                               consecutive clip numbers within a list (GTZAN's neighbouring clips
                               often share an artist; the split keeps artists apart between lists),
                               so `genre evaluate/tune --folds 5` keeps each run in one fold
OUT_DIR/train-to-valid.json    a split file that fits on `train` and tests on `valid` (artist-disjoint)
"""
import csv
import json
import os
import sys

GTZAN = "../shared/gtzan"


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    split = json.load(open(f"{GTZAN}/splits/fault-filtered.json"))
    rows = list(csv.reader(open(f"{GTZAN}/features_30_sec.csv", newline="")))
    header, by_name = rows[0], {r[0]: r for r in rows[1:]}
    group, g = {}, 0
    for key in ("train", "valid"):
        previous = None
        for name in split[key]:
            genre, number = name.split(".")[0], int(name.split(".")[1])
            if previous != (genre, number - 1):
                g += 1
            group[name] = g
            previous = (genre, number)
    names = split["train"] + split["valid"]
    with open(f"{out}/trainvalid.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        for n in names:
            w.writerow(by_name[n])
    with open(f"{out}/trainvalid-groups.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        for n in names:
            genre, number, _ = n.split(".")
            w.writerow([f"{genre}.g{group[n]:03d}.{number}.wav"] + by_name[n][1:])
    json.dump({"train": split["train"], "test": split["valid"]}, open(f"{out}/train-to-valid.json", "w"))
    print(f"{len(names)} train + valid rows in {g} runs of neighbouring clips -> {out}")


if __name__ == "__main__":
    main()
