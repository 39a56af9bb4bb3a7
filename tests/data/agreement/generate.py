#!/usr/bin/python3
"""Freeze SciPy's Spearman correlations between two similarity matrices.

Writes one JSON file per case with two float32 cosine matrices A and B, the
Spearman correlation of their off-diagonal pairs, and each row's Spearman
correlation with the diagonal left out. The C++ tests read these files and
need no Python. Regenerate with Debian 12's python3-scipy (1.10.1):

    /usr/bin/python3 tests/data/agreement/generate.py
"""
import json
import pathlib

import numpy as np
from scipy.stats import spearmanr

HERE = pathlib.Path(__file__).resolve().parent


def cosine_matrix(vectors):
    vectors = np.asarray(vectors, dtype=np.float32)
    unit = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    sim = np.clip(unit @ unit.T, -1.0, 1.0).astype(np.float32)
    np.fill_diagonal(sim, 1.0)
    return sim


def freeze(name, a, b):
    n = a.shape[0]
    upper = np.triu_indices(n, k=1)
    rows = []
    for i in range(n):
        keep = np.arange(n) != i
        rows.append(float(spearmanr(a[i, keep].astype(np.float64), b[i, keep].astype(np.float64)).correlation))
    case = {
        "a": [[float(v) for v in row] for row in a],
        "b": [[float(v) for v in row] for row in b],
        "pair_spearman": float(spearmanr(a[upper].astype(np.float64), b[upper].astype(np.float64)).correlation),
        "row_spearman": rows,
    }
    (HERE / f"{name}.json").write_text(json.dumps(case))


def main():
    rng = np.random.default_rng(42)
    vectors = rng.normal(size=(25, 12))
    a = cosine_matrix(vectors)
    b = cosine_matrix(vectors + 0.7 * rng.normal(size=vectors.shape))
    freeze("perturbed-25", a, b)

    # Rounded to one decimal, many pairs tie: average ranks matter here.
    freeze("ties-20", np.round(a[:20, :20], 1).astype(np.float32), np.round(b[:20, :20], 1).astype(np.float32))


if __name__ == "__main__":
    main()
