#!/usr/bin/python3
"""Freeze SciPy's hierarchical clustering of a few similarity matrices.

Writes one JSON file per case with the float32 cosine matrix, and for each
linkage method SciPy's linkage matrix, leaves_list and fcluster labels. The
C++ tests read these files and need no Python. Regenerate with Debian 12's
python3-scipy (1.10.1) and python3-numpy (1.24.2):

    /usr/bin/python3 tests/data/clustering/generate.py
"""
import json
import pathlib

import numpy as np
from scipy.cluster.hierarchy import fcluster, leaves_list, linkage
from scipy.spatial.distance import squareform

HERE = pathlib.Path(__file__).resolve().parent


def cosine_matrix(vectors):
    vectors = np.asarray(vectors, dtype=np.float32)
    unit = vectors / np.linalg.norm(vectors.astype(np.float64), axis=1, keepdims=True).astype(np.float32)
    sim = np.clip(unit @ unit.T, -1.0, 1.0).astype(np.float32)
    np.fill_diagonal(sim, 1.0)
    return sim


def freeze(name, sim):
    distances = 1.0 - sim.astype(np.float64)
    np.fill_diagonal(distances, 0.0)
    condensed = squareform(distances, checks=False)
    case = {"matrix": [[float(v) for v in row] for row in sim], "methods": {}}
    for method in ("average", "complete", "single"):
        z = linkage(condensed, method=method)
        case["methods"][method] = {
            "linkage": [[int(r[0]), int(r[1]), float(r[2]), int(r[3])] for r in z],
            "leaves": [int(v) for v in leaves_list(z)],
            "fcluster_distance_0.5": [int(v) for v in fcluster(z, 0.5, criterion="distance")],
            "fcluster_maxclust_3": [int(v) for v in fcluster(z, 3, criterion="maxclust")],
        }
    (HERE / f"{name}.json").write_text(json.dumps(case))


def main():
    rng = np.random.default_rng(20261204)
    freeze("random-30x16", cosine_matrix(rng.normal(size=(30, 16))))

    centres = rng.normal(size=(5, 32))
    grouped = np.repeat(centres, 40, axis=0) + 0.6 * rng.normal(size=(200, 32))
    freeze("groups-200x32", cosine_matrix(grouped))

    # Small integer vectors give many exactly equal similarities, and
    # repeated rows give distance-0 ties: the cases where tie rules show.
    lattice = rng.integers(0, 3, size=(40, 4)) + np.eye(40, 4, dtype=np.int64)
    lattice[lattice.sum(axis=1) == 0, 0] = 1
    freeze("ties-40x4", cosine_matrix(lattice))

    freeze("two-points", cosine_matrix([[1.0, 0.0], [0.6, 0.8]]))


if __name__ == "__main__":
    main()
