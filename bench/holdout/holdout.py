"""The audio path loses nothing: train on features_30_sec.csv without the clips whose audio is in
../shared/gtzan/audio, classify those clips' *audio* with `genre classify`, and compare the accuracy
with scikit-learn/XGBoost peers trained on the same rows and scored on the same clips' *published*
CSV features.

Usage (from the repository root, after `swift build -c release`):
    python3 bench/holdout/holdout.py [--algorithm stack]
Needs: pip install scikit-learn xgboost pandas numpy
"""
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import pandas as pd

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "peers"))
from peers import peers  # noqa: E402

GTZAN = "../shared/gtzan"


def main():
    algorithm = sys.argv[sys.argv.index("--algorithm") + 1] if "--algorithm" in sys.argv else "stack"
    df = pd.read_csv(f"{GTZAN}/features_30_sec.csv")
    clips = sorted(os.path.join(d, f) for d, _, fs in os.walk(f"{GTZAN}/audio") for f in fs if f.endswith(".wav"))
    held = {os.path.basename(c) for c in clips}
    train = df[~df.filename.isin(held)]
    test = df[df.filename.isin(held)]
    with tempfile.TemporaryDirectory() as tmp:
        csv = os.path.join(tmp, "train.csv")
        model = os.path.join(tmp, "holdout.genremodel")
        train.to_csv(csv, index=False)
        subprocess.run([".build/release/genre", "train", "--features", csv, "--algorithm", algorithm, "--seed", "1",
                        "--model", model], check=True, stdout=subprocess.DEVNULL)
        out = subprocess.run([".build/release/genre", "classify", "--model", model, "--format", "json", *clips],
                             check=True, capture_output=True, text=True).stdout
    predicted = {os.path.basename(r["file"]): r["genre"] for r in json.loads(out)["recordings"]}
    truth = dict(zip(test.filename, test.label))
    ours = np.mean([predicted[f] == truth[f] for f in truth])
    print(f"{len(train)} training rows; {len(test)} held-out clips (audio in {GTZAN}/audio)")
    print(f"{'genre ' + algorithm + ' (audio)':<26} {ours:.4f}")
    labels = sorted(df.label.unique())
    index = {c: i for i, c in enumerate(labels)}
    X = train.drop(columns=["filename", "length", "label"])
    var_columns = [i for i, c in enumerate(X.columns) if c.endswith("_var")]
    Xtr, ytr = X.to_numpy(float), train.label.map(index).to_numpy()
    Xte, yte = test.drop(columns=["filename", "length", "label"]).to_numpy(float), test.label.map(index).to_numpy()
    for name, make in peers(var_columns, seed=0).items():
        acc = np.mean(make().fit(Xtr, ytr).predict(Xte) == yte)
        print(f"{name + ' (CSV features)':<26} {acc:.4f}", flush=True)


if __name__ == "__main__":
    main()
