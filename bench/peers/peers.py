"""Score scikit-learn / XGBoost peers on exactly the rows `genre evaluate` used, and time
training the seed-style stack against `genre train` on the same rows.

Usage:
    swift run -c release genre evaluate --features ../shared/gtzan/features_30_sec.csv \
        --folds 10 --seed 1 --format json > bench/out/eval.json
    python3 bench/peers/peers.py ../shared/gtzan/features_30_sec.csv bench/out/eval.json [--time-training] [--only a,b]

    swift run -c release genre evaluate --features ../shared/gtzan/features_30_sec.csv \
        --split ../shared/gtzan/splits/fault-filtered.json --format json > bench/out/split.json
    python3 bench/peers/peers.py ../shared/gtzan/features_30_sec.csv bench/out/split.json \
        --split ../shared/gtzan/splits/fault-filtered.json [--only a,b]

Cross-validation: the peers are fitted and scored on the folds of the evaluation's "folds" map.
Split: the peers are fitted on the split's train + valid rows (as `genre evaluate --split` does)
and scored on its test rows, which must be exactly the files of the evaluation's "predictions".
For each peer: accuracy over all out-of-fold predictions (pooled, as genre's mean_accuracy), the
per-fold std, and the expected calibration error over 15 equal-width bins of the top probability
(peers without predict_proba show "-"). genre's own line is recomputed from its "predictions".

Needs: pip install scikit-learn xgboost pandas numpy
Peers (all inside a Pipeline so scaling is fitted on each training fold only):
  - logistic: StandardScaler + LogisticRegression(C=1, max_iter=5000)
  - logistic_logvar: log of the *_var columns + StandardScaler + LogisticRegression(C=1)
  - svm_logvar: log of the *_var columns + StandardScaler + SVC(rbf, C=10, gamma='scale'), Platt probabilities
  - lda_logvar: log-variance + StandardScaler + LinearDiscriminantAnalysis(lsqr, shrinkage=0.1)
  - knn, qda, random forest (500 trees), xgboost (300 rounds)
  - seed_stack: the seed notebook's family: StackingClassifier of LR, QDA, kNN, RF(500),
    XGB(300) with a logistic-regression meta-model and 5-fold internal CV.
"""
import json
import sys
import time
import warnings

import numpy as np
import pandas as pd
from sklearn.discriminant_analysis import LinearDiscriminantAnalysis, QuadraticDiscriminantAnalysis
from sklearn.ensemble import RandomForestClassifier, StackingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer, LabelEncoder, StandardScaler
from sklearn.svm import SVC
from xgboost import XGBClassifier

warnings.filterwarnings("ignore")


def load(csv_path):
    df = pd.read_csv(csv_path)
    names = df["filename"].tolist()
    encoder = LabelEncoder()
    y = encoder.fit_transform(df["label"])
    X = df.drop(columns=["filename", "length", "label"])
    var_columns = [i for i, c in enumerate(X.columns) if c.endswith("_var")]
    return names, X.to_numpy(dtype=float), y, var_columns, list(encoder.classes_)


def log_var(var_columns):
    def f(X):
        X = np.array(X, dtype=float, copy=True)
        X[:, var_columns] = np.log(np.maximum(X[:, var_columns], 0) + 1e-12)
        return X
    return FunctionTransformer(f)


def peers(var_columns, seed):
    def stack():
        return StackingClassifier(
            estimators=[
                ("lr", make_pipeline(StandardScaler(), LogisticRegression(C=1, max_iter=5000))),
                ("qda", make_pipeline(StandardScaler(), QuadraticDiscriminantAnalysis(reg_param=0.5))),
                ("knn", make_pipeline(StandardScaler(), KNeighborsClassifier(n_neighbors=7, weights="distance"))),
                ("rf", RandomForestClassifier(n_estimators=500, random_state=seed, n_jobs=-1)),
                ("xgb", XGBClassifier(n_estimators=300, learning_rate=0.1, max_depth=4, subsample=0.8,
                                      colsample_bytree=0.8, random_state=seed, n_jobs=-1, verbosity=0)),
            ],
            final_estimator=LogisticRegression(max_iter=5000),
            cv=5, stack_method="predict_proba", n_jobs=1)

    return {
        "logistic": lambda: make_pipeline(StandardScaler(), LogisticRegression(C=1, max_iter=5000)),
        "logistic_logvar": lambda: make_pipeline(log_var(var_columns), StandardScaler(),
                                                 LogisticRegression(C=1, max_iter=5000)),
        "svm_logvar": lambda: make_pipeline(log_var(var_columns), StandardScaler(),
                                            SVC(C=10, gamma="scale", probability=True, random_state=seed)),
        "lda_logvar": lambda: make_pipeline(log_var(var_columns), StandardScaler(),
                                            LinearDiscriminantAnalysis(solver="lsqr", shrinkage=0.1)),
        "knn": lambda: make_pipeline(StandardScaler(), KNeighborsClassifier(n_neighbors=7, weights="distance")),
        "qda": lambda: make_pipeline(StandardScaler(), QuadraticDiscriminantAnalysis(reg_param=0.5)),
        "random_forest": lambda: RandomForestClassifier(n_estimators=500, random_state=seed, n_jobs=-1),
        "xgboost": lambda: XGBClassifier(n_estimators=300, learning_rate=0.1, max_depth=4, subsample=0.8,
                                         colsample_bytree=0.8, random_state=seed, n_jobs=-1, verbosity=0),
        "seed_stack": stack,
    }


def ece(probabilities, truth, bins=15):
    """Expected calibration error over `bins` equal-width bins (m/B, (m+1)/B] of the top probability."""
    conf, pred = probabilities.max(1), probabilities.argmax(1)
    total = 0.0
    for m in range(bins):
        lo, hi = m / bins, (m + 1) / bins
        inside = (conf > lo) & (conf <= hi) if m > 0 else (conf <= hi)
        if inside.any():
            total += inside.mean() * abs((pred[inside] == truth[inside]).mean() - conf[inside].mean())
    return total


def ours(report, classes):
    """genre's accuracy and ECE recomputed from its own out-of-fold predictions."""
    preds = report["predictions"]
    truth = np.array([classes.index(p["label"]) for p in preds])
    probabilities = np.array([[p["probabilities"][c] for c in classes] for p in preds])
    hits = np.array([p["label"] == p["genre"] for p in preds])
    return hits.mean(), ece(probabilities, truth), len(preds)


def main():
    csv_path, eval_path = sys.argv[1], sys.argv[2]
    time_training = "--time-training" in sys.argv
    only = sys.argv[sys.argv.index("--only") + 1].split(",") if "--only" in sys.argv else None
    split_path = sys.argv[sys.argv.index("--split") + 1] if "--split" in sys.argv else None
    names, X, y, var_columns, classes = load(csv_path)
    report = json.load(open(eval_path))
    index = {n: i for i, n in enumerate(names)}
    if split_path:
        split = json.load(open(split_path))
        train = np.array([index[n] for n in split["train"] + split.get("valid", [])])
        test = np.array([index[n] for n in split["test"]])
        assert sorted(p["file"] for p in report["predictions"]) == sorted(split["test"]), \
            "the evaluation's predictions are not the split's test rows"
        splits = [(train, test)]
        print(f"split {split_path}: fitted on {len(train)} rows (train + valid), tested on {len(test)}")
    else:
        folds = np.array([report["folds"][n] for n in names])
        k = folds.max() + 1
        splits = [(np.flatnonzero(folds != f), np.flatnonzero(folds == f)) for f in range(k)]
        print(f"{len(names)} rows, {k} folds from {eval_path}")
    accuracy, calibration, count = ours(report, classes)
    assert count == sum(len(t) for _, t in splits)
    print(f"{'model':<16} {'accuracy':>8} {'std':>6} {'ECE':>6}")
    print(f"{'genre (ours)':<16} {accuracy:8.4f} {report['std_accuracy']:6.4f} {calibration:6.4f}")
    for name, make in peers(var_columns, seed=0).items():
        if only and name not in only:
            continue
        hits, accs, probabilities, truth = 0, [], [], []
        try:
            models = [make().fit(X[train], y[train]) for train, _ in splits]
        except Exception as error:  # e.g. scikit-learn's QDA refuses classes with fewer rows than features
            print(f"{name:<16} cannot fit: {str(error).splitlines()[0][:90]}", flush=True)
            continue
        for model, (train, test) in zip(models, splits):
            predicted = model.predict(X[test])
            hits += int(np.sum(predicted == y[test]))
            accs.append(float(np.mean(predicted == y[test])))
            if hasattr(model, "predict_proba"):
                probabilities.append(model.predict_proba(X[test]))
                truth.append(y[test])
        total = sum(len(t) for _, t in splits)
        peer_ece = f"{ece(np.vstack(probabilities), np.concatenate(truth)):6.4f}" if probabilities else "     -"
        print(f"{name:<16} {hits / total:8.4f} {np.std(accs):6.4f} {peer_ece}", flush=True)
    if time_training:
        start = time.perf_counter()
        peers(var_columns, seed=0)["seed_stack"]().fit(X, y)
        print(f"training the seed-style stack on all {len(y)} rows: {time.perf_counter() - start:.2f} s wall")


if __name__ == "__main__":
    main()
