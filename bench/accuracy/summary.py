"""One line per `genre evaluate --format json` file: accuracy (checked to equal the accuracy of its
"predictions"), prediction count, ECE (15 bins) and log loss.

    python3 bench/accuracy/summary.py EVAL.json...
"""
import json
import sys

for path in sys.argv[1:]:
    d = json.load(open(path))
    p = d["predictions"]
    hits = sum(x["label"] == x["genre"] for x in p) / len(p)
    accuracy = d.get("test_accuracy", d["mean_accuracy"])
    assert hits == accuracy, f"{path}: predictions give {hits}, the report {accuracy}"
    c = d["calibration"]
    print(f"{path}: accuracy {accuracy:.4f} over {len(p)} predictions (equal to theirs), "
          f"ECE {c['ece']:.4f}, log loss {c['log_loss']:.4f}")
