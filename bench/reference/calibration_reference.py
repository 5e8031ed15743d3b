"""Reference values for Tests/LearningTests/CalibrationTests.swift, computed once with scikit-learn
and numpy and pasted into the test as literals (the test never runs Python).

    python3 bench/reference/calibration_reference.py

- Temperature scaling: the exact optimum (root of the loss's derivative, scipy's brentq) and
  scikit-learn's own calibrator (sklearn.calibration._TemperatureScaling,
  scikit-learn >= 1.8), which CalibratedClassifierCV(method="temperature") fits on predict_proba
  output: beta_ (the inverse temperature) and its calibrated probabilities.
- ECE with 15 (and 4) equal-width bins of the top probability, bin m = (m/B, (m+1)/B], as in
  Guo et al. 2017's reference code, written here in numpy.
"""
import numpy as np
from sklearn.calibration import _TemperatureScaling
from scipy.optimize import brentq
from sklearn.metrics import log_loss

# 12 rows x 3 classes: an over-confident model (high top probabilities, 7 of 12 right).
P = np.array([
    [0.90, 0.05, 0.05], [0.80, 0.15, 0.05], [0.10, 0.85, 0.05], [0.05, 0.05, 0.90],
    [0.70, 0.20, 0.10], [0.20, 0.70, 0.10], [0.34, 0.33, 0.33], [0.60, 0.30, 0.10],
    [0.02, 0.97, 0.01], [0.45, 0.45, 0.10], [0.10, 0.20, 0.70], [0.99, 0.005, 0.005],
])
y = np.array([0, 1, 1, 2, 1, 0, 2, 0, 1, 1, 0, 2])


def ece(p, y, bins):
    conf, pred = p.max(1), p.argmax(1)
    total = 0.0
    for m in range(bins):
        lo, hi = m / bins, (m + 1) / bins
        inside = (conf > lo) & (conf <= hi) if m > 0 else (conf <= hi)
        if inside.any():
            total += inside.mean() * abs((pred[inside] == y[inside]).mean() - conf[inside].mean())
    return total


def nll_slope(beta):
    """d/dβ of the mean negative log-likelihood of softmax(β log(P + 1e-12))."""
    z = np.log(P + 1e-12)
    s = beta * z
    e = np.exp(s - s.max(1, keepdims=True))
    q = e / e.sum(1, keepdims=True)
    return np.mean((q * z).sum(1) - z[np.arange(len(y)), y])


t = _TemperatureScaling().fit(P, y)
Q = t.predict(P)
np.set_printoptions(precision=17)
print("beta", repr(float(t.beta_)))
# scikit-learn minimises the loss itself, which is flat at the optimum: its beta_ is good to ~1e-8.
# The exact optimum is the root of the loss's derivative:
print("beta (root of the derivative)", repr(brentq(nll_slope, 0.01, 10, xtol=1e-15)))
print("calibrated row 0", [repr(float(v)) for v in Q[0]])
print("calibrated row 9", [repr(float(v)) for v in Q[9]])
print("ece15 raw", repr(ece(P, y, 15)), "ece4 raw", repr(ece(P, y, 4)))
print("ece15 calibrated", repr(ece(Q, y, 15)))
print("log loss raw", repr(log_loss(y, P)), "calibrated", repr(log_loss(y, Q)))
