#!/usr/bin/env python3
"""Independent reference values for Tests/GenreKitTests/NoveltyDetectorTests.swift and
Tests/LearningTests/LedoitWolfTests.swift, from numpy and scikit-learn (printed as Swift literals).

The tiny data set is defined by a formula both sides evaluate: 40 rows, features
[a_mean, a_var, b_mean, b_var], row i of class i % 2, named t00.wav ... t39.wav:
  a_mean = sin(1.3 i) + 2 c,  a_var = exp(cos(0.7 i) + c),  b_mean = cos(0.4 i) * (1 + c),  b_var = 1 + (i % 7) + 3 c
"""
import numpy as np
from sklearn.covariance import ledoit_wolf

n = 40
i = np.arange(n); c = i % 2
x = np.stack([np.sin(1.3 * i) + 2 * c, np.exp(np.cos(0.7 * i) + c), np.cos(0.4 * i) * (1 + c), 1 + (i % 7) + 3 * c], 1)
names = ['t%02d' % k for k in i]
VAR = [1, 3]

def fit(x, y):
    off = np.array([1e-6 * np.median(x[:, j][x[:, j] > 0]) for j in VAR])
    def f(q):
        q = q.copy(); q[:, VAR] = np.log(np.maximum(q[:, VAR], 0) + off); return q
    F = f(x); m, s = F.mean(0), F.std(0)
    Z = (F - m) / s
    mus = np.array([Z[y == k].mean(0) for k in (0, 1)])
    S, _ = ledoit_wolf(Z - mus[y])
    P = np.linalg.inv(S)
    def d2(q):
        z = (f(q) - m) / s
        return np.array([min((r - mu) @ P @ (r - mu) for mu in mus) for r in z])
    return d2

d2 = fit(x, c)
queries = np.array([[0.2, 1.5, 0.1, 3.0], [3.0, 9.0, -2.0, 40.0], [-1.0, 0.5, 1.5, 2.0]])
folds = np.zeros(n, int)
for k in (0, 1):
    rows = [r for r in np.argsort(names) if c[r] == k]
    for j, r in enumerate(rows): folds[r] = j * 5 // len(rows)
oof = np.zeros(n)
for k in range(5):
    oof[folds == k] = fit(x[folds != k], c[folds != k])(x[folds == k])
print('// squared distances of the queries:', ', '.join(repr(float(v)) for v in d2(queries)))
print('// threshold (97th percentile of out-of-fold d², numpy linear):', repr(float(np.quantile(oof, 0.97))))

# Ledoit-Wolf on a small matrix (rows = 6, columns = 3)
a = np.array([[1.0, 2.0, 0.5], [0.3, -1.0, 2.2], [2.5, 0.1, -0.7], [-1.2, 1.7, 0.9], [0.8, 0.4, 1.1], [1.9, -0.6, 0.2]])
cov, shrink = ledoit_wolf(a)
print('// ledoit_wolf(a): shrinkage', repr(float(shrink)), 'covariance', ', '.join(repr(float(v)) for v in cov.ravel()))
cov0, shrink0 = ledoit_wolf(a, assume_centered=True)
print('// ledoit_wolf(a, assume_centered=True): shrinkage', repr(float(shrink0)), 'covariance', ', '.join(repr(float(v)) for v in cov0.ravel()))
