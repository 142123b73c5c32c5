"""The peer for bench/tree-shap-bench.ts: XGBoost's C++ path-dependent TreeSHAP (predict(pred_contribs=True)),
one thread, on ensembles of the shapes we benchmark (150 trees of depth 4, 200 trees of depth 6; 40 features;
10,000 rows). Prints one JSON object per ensemble on stdout.

With --export DIR it also writes what the TypeScript benchmark needs to explain the very same trees and rows:
DIR/rows.f32 (10,000 x 40 float32), and per ensemble DIR/<name>.model.json (XGBoost's JSON model) and
DIR/<name>.contribs.f32 (XGBoost's contributions for the first 200 rows, 41 columns, the last the bias).
"""
import argparse
import json
import os
import time

import numpy as np
import xgboost as xgb

ROWS = 10_000
FEATURES = 40
SHAPES = [(150, 4), (200, 6)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--export", metavar="DIR")
    args = parser.parse_args()

    rng = np.random.default_rng(20240611)
    x = rng.normal(size=(ROWS, FEATURES)).astype(np.float32)
    x[rng.random(size=x.shape) < 0.02] = np.nan
    signal = np.nan_to_num(x[:, :8]).sum(axis=1) + 1.5 * np.nan_to_num(x[:, 8] * x[:, 9])
    y = (signal + rng.normal(scale=2.0, size=ROWS) > 0).astype(np.float32)
    train = xgb.DMatrix(x, label=y, nthread=1)
    data = xgb.DMatrix(x, nthread=1)
    if args.export:
        os.makedirs(args.export, exist_ok=True)
        x.tofile(os.path.join(args.export, "rows.f32"))

    for trees, depth in SHAPES:
        name = f"{trees}x{depth}"
        params = {"objective": "binary:logistic", "max_depth": depth, "eta": 0.1, "nthread": 1, "tree_method": "hist"}
        booster = xgb.train(params, train, num_boost_round=trees)
        leaves = sum(line.count("leaf=") for line in booster.get_dump())

        best = float("inf")
        contribs = None
        for _ in range(3):
            start = time.perf_counter()
            contribs = booster.predict(data, pred_contribs=True)
            best = min(best, time.perf_counter() - start)
        margin = booster.predict(data, output_margin=True)
        additivity = float(np.max(np.abs(contribs.sum(axis=1) - margin)))

        if args.export:
            booster.save_model(os.path.join(args.export, f"{name}.model.json"))
            contribs[:200].astype(np.float32).tofile(os.path.join(args.export, f"{name}.contribs.f32"))

        print(json.dumps({
            "ensemble": name,
            "trees": trees,
            "depth": depth,
            "leavesPerTree": leaves / trees,
            "rowsPerSecond": ROWS / best,
            "maxAdditivityError": additivity,
            "xgboost": xgb.__version__,
        }), flush=True)


if __name__ == "__main__":
    main()
