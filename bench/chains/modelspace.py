"""The features as the default model's pipeline sees them before standardisation, in numpy:
`LevelNormalization` (Sources/Learning/LevelNormalization.swift) then `LogVarianceTransform`
(log(max(x, 0) + c), c = 1e-6 × the column's median positive value over features_30_sec.csv).
The space of the format directions (`NuisanceBasis`) that transfer.py derives."""
import numpy as np

LEVEL = "rms_mean"
SQUARED = ("rms_var", "harmony_var", "perceptr_var")
LINEAR = ("harmony_mean", "perceptr_mean")
RATIO_SCALE = 1e-3


def level_normalised(x, names):
    """LevelNormalization.transform of rows x (columns `names`)."""
    x = np.array(x, float).copy()
    i = {n: k for k, n in enumerate(names)}
    level = np.maximum(x[:, i[LEVEL]], 1e-10)
    for n in SQUARED:
        x[:, i[n]] /= level * level
    for n in LINEAR:
        x[:, i[n]] = np.arcsinh(x[:, i[n]] / level / RATIO_SCALE)
    x[:, i["mfcc1_mean"]] -= np.sqrt(128) * 20 * np.log10(level)
    x[:, i[LEVEL]] = 0
    return x


class ModelSpace:
    """Fitted on the reference table (features_30_sec.csv): the log offsets and each column's std."""

    def __init__(self, reference, names):
        self.names = names
        self.logged = np.array([n.endswith("_var") for n in names])
        y = level_normalised(reference, names)
        self.offset = np.array([1e-6 * np.median(c[c > 0]) if (c > 0).any() else 1.0 for c in y.T])
        s = self(reference).std(axis=0)
        self.scale = np.where(s > 0, s, 1.0)

    def __call__(self, x):
        """Rows x in the space (before standardisation)."""
        y = level_normalised(x, self.names)
        y[:, self.logged] = np.log(np.maximum(y[:, self.logged], 0) + self.offset[self.logged])
        return y
