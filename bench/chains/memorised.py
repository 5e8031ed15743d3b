"""Why a training clip's resampled copies can move the default model's probabilities although
unseen clips' copies do not (issue 9 item 1, jazz.00001 in Tests/GenreKitTests/ResampledCopiesTests).

The default stack has a k-NN base with distance weights (k 7, scikit-learn's
`KNeighborsClassifier(weights="distance")`). A clip whose own row is in the training set sits at
distance 0 from it: the k-NN gives it its own label with probability 1. Any format variant moves the
features a little (0.4-1.5 in standardised units), enough for the other six neighbours to vote. If
they disagree with the clip's label (jazz.00001's are classical), the k-NN's output jumps. The same
clip with its row left out of the neighbours (as for an unseen recording) barely moves.

This script fits that k-NN (scikit-learn, same hyper-parameters and transforms as the stack's base:
log of the variances, standardisation) on features_30_sec.csv and prints, per clip with audio, the
largest change of a k-NN probability between the clean extraction and each resampled copy, with the
clip's own row in the training set and left out.

Usage (after simulate.py): python3 bench/chains/memorised.py [--features bench/out/chains/features]
"""
import os
import sys

import numpy as np
import pandas as pd
from sklearn.neighbors import KNeighborsClassifier
from sklearn.preprocessing import StandardScaler

sys.path.insert(0, os.path.dirname(__file__))
from logspace import gtzan_space  # noqa: E402

COPIES = ["sox-44k", "sox-48k-24bit", "ffmpeg-48k-24bit", "soxr-hq-44k-float", "sox-96k-float-stereo"]


def main():
    a, table, names, space = gtzan_space()

    scaler = StandardScaler().fit(space(table))
    x_all, y_all = scaler.transform(space(table)), table.label.values
    stems = table.filename.str.rsplit(".", n=1).str[0].values

    def load(name):
        d = pd.read_csv(f"{a.features}/{name}.csv")
        d.index = d.filename.str.rsplit(".", n=1).str[0]
        return d

    clean = load("clean")
    clean = clean[clean.label != "extra"]
    copies = {c: load(c) for c in COPIES}
    print("| clip | own row in training: max change | own row left out: max change | nearest other neighbours |")
    print("|---|---|---|---|")
    worst = {True: 0.0, False: 0.0}
    for s in clean.index:
        row = {}
        for own in (True, False):
            keep = np.ones(len(stems), bool) if own else stems != s
            knn = KNeighborsClassifier(7, weights="distance").fit(x_all[keep], y_all[keep])
            p0 = knn.predict_proba(scaler.transform(space(clean.loc[[s]])))[0]
            row[own] = max(np.abs(knn.predict_proba(scaler.transform(space(copies[c].loc[[s]])))[0] - p0).max()
                           for c in COPIES if s in copies[c].index)
            worst[own] = max(worst[own], row[own])
        knn = KNeighborsClassifier(7).fit(x_all[stems != s], y_all[stems != s])
        _, idx = knn.kneighbors(scaler.transform(space(clean.loc[[s]])))
        neighbours = ", ".join(pd.Series(y_all[stems != s][idx[0][:6]]).value_counts().index
                               .map(lambda g: f"{g}"))
        if row[True] > 0.05 or row[False] > 0.05:
            print(f"| {s} | {row[True]:.2f} | {row[False]:.2f} | {neighbours} |")
    print(f"\nworst over {len(clean)} clips: own row in training {worst[True]:.2f}, left out {worst[False]:.2f}")


if __name__ == "__main__":
    main()
