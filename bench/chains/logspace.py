"""The model's view of a Kaggle-schema feature table: the 57 feature columns with every
variance column log-transformed (as genre's LogVarianceTransform does before standardising),
shared by level.py and memorised.py."""

import argparse

import numpy as np
import pandas as pd

GTZAN = "../shared/gtzan"


def feature_names(table):
    """The feature columns of a Kaggle-schema table (all but filename, length and label)."""
    return [c for c in table.columns if c not in ("filename", "length", "label")]


def log_space(d, names):
    """Rows of `d` in `names`' order, each `*_var` column replaced by log(max(v, 0) + 1e-12)."""
    logged = np.array([n.endswith("_var") for n in names])
    x = d[names].values.astype(float).copy()
    x[:, logged] = np.log(np.maximum(x[:, logged], 0) + 1e-12)
    return x


def gtzan_space(description=None):
    """What level.py and memorised.py start from: their `--features` option (the chain feature
    CSVs of simulate.py), GTZAN's 30-s CSV, its feature names and the log space over them."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--features", default="bench/out/chains/features")
    a = ap.parse_args()
    table = pd.read_csv(f"{GTZAN}/features_30_sec.csv")
    names = feature_names(table)
    return a, table, names, lambda d: log_space(d, names)
