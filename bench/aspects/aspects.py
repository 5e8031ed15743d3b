"""Per-aspect accuracy: `split` writes one CSV per aspect (and one of all 57 columns, for
comparison); `score` prints genre's 10-fold CV
(from the `genre evaluate` JSON), scikit-learn peers on the same folds, and the artist-filtered
split. The aspect of a column follows Sources/GenreKit/AspectModels.swift (Aspect.of)."""
import json
import os
import sys
import warnings

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler
from sklearn.svm import SVC

warnings.filterwarnings("ignore")
ASPECTS = ["timbre", "harmony", "dynamics", "rhythm"]


def aspect_of(name):
    if name.startswith(("mfcc", "spectral_", "rolloff", "zero_crossing_rate")):
        return "timbre"
    if name.startswith("chroma_stft"):
        return "harmony"
    if name.startswith(("rms_", "harmony_", "perceptr_")):
        return "dynamics"
    return "rhythm" if name == "tempo" else None


def columns(df, aspect):
    if aspect == "all 57":
        return [c for c in df.columns if aspect_of(c) is not None]
    return [c for c in df.columns if aspect_of(c) == aspect]


def logvar(cols):
    idx = [i for i, c in enumerate(cols) if c.endswith("_var")]

    def f(X):
        X = np.array(X, dtype=float, copy=True)
        X[:, idx] = np.log(np.maximum(X[:, idx], 0) + 1e-12)
        return X
    return FunctionTransformer(f)


def models(cols):
    return {
        "scikit-learn SVC (C=10)": lambda: make_pipeline(logvar(cols), StandardScaler(), SVC(C=10, gamma="scale")),
        "scikit-learn logistic": lambda: make_pipeline(logvar(cols), StandardScaler(), LogisticRegression(C=1, max_iter=5000)),
    }


def main():
    mode, csv, out = sys.argv[1:4]
    df = pd.read_csv(csv)
    if mode == "split":
        for a in ASPECTS + ["all 57"]:
            df[["filename", "length"] + columns(df, a) + ["label"]].to_csv(os.path.join(out, f"{a.replace(' ', '')}.csv"), index=False)
        return
    split = json.load(open(sys.argv[4]))
    train = df.filename.isin(split["train"] + split["valid"]).to_numpy()
    test = df.filename.isin(split["test"]).to_numpy()
    y = df.label.to_numpy()
    print("| aspect | columns | genre svm, 10-fold CV (seeds 1/2/3) | scikit-learn SVC, same folds | scikit-learn logistic, same folds | scikit-learn SVC, artist-filtered test (290) |")
    print("| --- | --- | --- | --- | --- | --- |")
    for a in ASPECTS + ["all 57"]:
        cols = columns(df, a)
        X = df[cols].to_numpy(dtype=float)
        ours, peers = [], {name: [] for name in models(cols)}
        for seed in (1, 2, 3):
            report = json.load(open(os.path.join(out, f"{a.replace(' ', '')}-{seed}.json")))
            ours.append(report.get("mean_accuracy", report.get("accuracy")))
            folds = np.array([report["folds"][n] for n in df.filename])
            for name, make in models(cols).items():
                accuracies = []  # mean of the fold accuracies, as genre reports it
                for f in range(folds.max() + 1):
                    m = make().fit(X[folds != f], y[folds != f])
                    accuracies.append((m.predict(X[folds == f]) == y[folds == f]).mean())
                peers[name].append(np.mean(accuracies))
        held = make_pipeline(logvar(cols), StandardScaler(), SVC(C=10, gamma="scale")).fit(X[train], y[train])
        filtered = (held.predict(X[test]) == y[test]).mean()
        fmt = lambda v: " / ".join(f"{x:.1%}" for x in v)
        print(f"| {a} | {len(cols)} | {fmt(ours)} | {fmt(peers['scikit-learn SVC (C=10)'])} | {fmt(peers['scikit-learn logistic'])} | {filtered:.1%} |")


if __name__ == "__main__":
    main()
