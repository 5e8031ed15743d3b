"""The model's view of a Kaggle-schema feature table: the 57 feature columns with every
variance column log-transformed (as genre's LogVarianceTransform does before standardising),
shared by level.py and memorised.py."""

import numpy as np


def feature_names(table):
    """The feature columns of a Kaggle-schema table (all but filename, length and label)."""
    return [c for c in table.columns if c not in ("filename", "length", "label")]


def log_space(d, names):
    """Rows of `d` in `names`' order, each `*_var` column replaced by log(max(v, 0) + 1e-12)."""
    logged = np.array([n.endswith("_var") for n in names])
    x = d[names].values.astype(float).copy()
    x[:, logged] = np.log(np.maximum(x[:, logged], 0) + 1e-12)
    return x
