"""Score scikit-learn / XGBoost peers on exactly the folds `genre evaluate` used, and time
training the seed-style stack against `genre train` on the same rows.

Usage:
    swift run -c release genre evaluate --features ../shared/gtzan/features_30_sec.csv \
        --folds 10 --seed 1 --format json > bench/out/eval.json
    python3 bench/peers/peers.py ../shared/gtzan/features_30_sec.csv bench/out/eval.json [--time-training] [--only a,b]

Needs: pip install scikit-learn xgboost pandas numpy
Peers (all inside a Pipeline so scaling is fitted on each training fold only):
  - logistic: StandardScaler + LogisticRegression(C=1, max_iter=5000)
  - svm_logvar: log of the *_var columns + StandardScaler + SVC(rbf, C=10, gamma='scale')
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
from sklearn.discriminant_analysis import QuadraticDiscriminantAnalysis
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
    y = LabelEncoder().fit_transform(df["label"])
    X = df.drop(columns=["filename", "length", "label"])
    var_columns = [i for i, c in enumerate(X.columns) if c.endswith("_var")]
    return names, X.to_numpy(dtype=float), y, var_columns


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
        "svm_logvar": lambda: make_pipeline(log_var(var_columns), StandardScaler(), SVC(C=10, gamma="scale")),
        "knn": lambda: make_pipeline(StandardScaler(), KNeighborsClassifier(n_neighbors=7, weights="distance")),
        "qda": lambda: make_pipeline(StandardScaler(), QuadraticDiscriminantAnalysis(reg_param=0.5)),
        "random_forest": lambda: RandomForestClassifier(n_estimators=500, random_state=seed, n_jobs=-1),
        "xgboost": lambda: XGBClassifier(n_estimators=300, learning_rate=0.1, max_depth=4, subsample=0.8,
                                         colsample_bytree=0.8, random_state=seed, n_jobs=-1, verbosity=0),
        "seed_stack": stack,
    }


def main():
    csv_path, eval_path = sys.argv[1], sys.argv[2]
    time_training = "--time-training" in sys.argv
    only = sys.argv[sys.argv.index("--only") + 1].split(",") if "--only" in sys.argv else None
    names, X, y, var_columns = load(csv_path)
    report = json.load(open(eval_path))
    fold_of = report["folds"]
    folds = np.array([fold_of[n] for n in names])
    k = folds.max() + 1
    print(f"{len(names)} rows, {k} folds from {eval_path}")
    print(f"{'model':<14} {'mean':>7} {'std':>6}")
    print(f"{'genre (ours)':<14} {report['mean_accuracy']:7.4f} {report['std_accuracy']:6.4f}")
    for name, make in peers(var_columns, seed=0).items():
        if only and name not in only:
            continue
        accs = []
        for f in range(k):
            train, test = folds != f, folds == f
            model = make().fit(X[train], y[train])
            accs.append(float(np.mean(model.predict(X[test]) == y[test])))
        print(f"{name:<14} {np.mean(accs):7.4f} {np.std(accs):6.4f}", flush=True)
    if time_training:
        start = time.perf_counter()
        peers(var_columns, seed=0)["seed_stack"]().fit(X, y)
        print(f"training the seed-style stack on all {len(y)} rows: {time.perf_counter() - start:.2f} s wall")


if __name__ == "__main__":
    main()
