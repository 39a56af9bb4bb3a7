#!/usr/bin/python3
"""Freeze NumPy, SciPy and scikit-learn results for the analysis tests.

Each JSON file holds the input (a float32 score matrix or float32 vectors)
and what the reference libraries compute from it. The C++ tests read these
files and need no Python. Regenerate with Debian 12's python3-numpy
(1.24.2), python3-scipy (1.10.1) and python3-sklearn (1.2.1):

    /usr/bin/python3 tests/data/analysis/generate.py
"""
import json
import pathlib

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform
from sklearn.decomposition import PCA

HERE = pathlib.Path(__file__).resolve().parent


def nullable(values):
    """Lists of floats with NaN as None, because JSON has no NaN."""
    return [None if np.isnan(v) else float(v) for v in values]


def cosine_matrix(vectors):
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors.astype(np.float64), axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        unit = (vectors / norms.astype(np.float32)).astype(np.float32)
    sim = np.clip(unit @ unit.T, -1.0, 1.0).astype(np.float32)
    np.fill_diagonal(sim, 1.0)
    zero = norms[:, 0] == 0
    sim[zero, :] = np.nan
    sim[:, zero] = np.nan
    return sim


def euclidean_matrix(vectors):
    vectors = np.asarray(vectors, dtype=np.float64)
    diff = vectors[:, None, :] - vectors[None, :, :]
    return np.sqrt((diff**2).sum(axis=2)).astype(np.float32)


def describe(values, bins, value_range, threshold, higher_is_closer):
    """The statistics the C++ Distribution holds, from NumPy alone."""
    values = np.asarray(values, dtype=np.float64)
    defined = values[~np.isnan(values)]
    counts, edges = np.histogram(defined, bins=bins, range=value_range)
    low, high = edges[0], edges[-1]
    close = defined >= threshold if higher_is_closer else defined <= threshold
    return {
        "bins": bins,
        "range": list(value_range) if value_range else None,
        "threshold": threshold,
        "valueCount": int(defined.size),
        "undefinedCount": int(values.size - defined.size),
        "binEdges": [float(v) for v in edges],
        "binCounts": [int(v) for v in counts],
        "belowRangeCount": int((defined < low).sum()),
        "aboveRangeCount": int((defined > high).sum()),
        "minimum": float(defined.min()),
        "maximum": float(defined.max()),
        "mean": float(defined.mean()),
        "median": float(np.median(defined)),
        "percentile5": float(np.percentile(defined, 5)),
        "percentile50": float(np.percentile(defined, 50)),
        "percentile95": float(np.percentile(defined, 95)),
        "closeShare": float(close.mean()),
    }


def freeze_distribution(name, metric, matrix, settings, reference):
    higher = metric != "euclidean"
    upper = matrix[np.triu_indices(matrix.shape[0], k=1)]
    row = np.delete(matrix[reference], reference)
    case = {
        "metric": metric,
        "matrix": [nullable(r) for r in matrix],
        "reference": reference,
        "pairs": [describe(upper, *s, higher) for s in settings],
        "row": [describe(row, *s, higher) for s in settings],
    }
    (HERE / f"distribution-{name}.json").write_text(json.dumps(case))


def freeze_pca(name, vectors):
    vectors = np.asarray(vectors, dtype=np.float32)
    x = vectors.astype(np.float64)
    unit = x / np.linalg.norm(x, axis=1, keepdims=True)
    case = {"vectors": [[float(v) for v in r] for r in vectors], "metrics": {}}
    for metric, data in (("euclidean", x), ("cosine", unit)):
        pca = PCA(n_components=2, svd_solver="full")
        points = pca.fit_transform(data)
        case["metrics"][metric] = {
            "points": [[float(v) for v in p] for p in points],
            "explainedVarianceRatio": [float(v) for v in pca.explained_variance_ratio_],
        }
    (HERE / f"pca-{name}.json").write_text(json.dumps(case))


def summarise(sim, labels):
    """Per cluster: members, the member with the highest mean similarity to
    the others (first on a tie) and the mean similarity over member pairs."""
    clusters = []
    for label in sorted(set(labels)):
        members = np.flatnonzero(labels == label)
        block = sim[np.ix_(members, members)].astype(np.float64)
        size = len(members)
        if size == 1:
            central, central_mean, internal = members[0], None, None
        else:
            off = block[~np.eye(size, dtype=bool)].reshape(size, size - 1)
            means = off.mean(axis=1)
            best = int(np.argmax(means))
            central, central_mean = members[best], float(means[best])
            internal = float(block[np.triu_indices(size, k=1)].mean())
        clusters.append({
            "members": [int(m) for m in members],
            "centralMember": int(central),
            "centralMeanScore": central_mean,
            "meanInternalScore": internal,
        })
    return clusters


def freeze_clusters(name, sim, distance, count):
    distances = 1.0 - sim.astype(np.float64)
    np.fill_diagonal(distances, 0.0)
    z = linkage(squareform(distances, checks=False), method="average")
    cuts = {}
    for key, labels in (("distance", fcluster(z, distance, criterion="distance")),
                        ("count", fcluster(z, count, criterion="maxclust"))):
        cuts[key] = {"labels": [int(v) for v in labels], "clusters": summarise(sim, labels)}
    case = {"matrix": [[float(v) for v in r] for r in sim], "distance": distance, "count": count, "cuts": cuts}
    (HERE / f"clusters-{name}.json").write_text(json.dumps(case))


def freeze_outliers(name, sim, k):
    n = sim.shape[0]
    scores = []
    for i in range(n):
        others = np.sort(np.delete(sim[i], i).astype(np.float64))[::-1]
        scores.append(1.0 - others[:k].mean())
    case = {"matrix": [[float(v) for v in r] for r in sim], "k": k, "scores": scores}
    (HERE / f"outliers-{name}.json").write_text(json.dumps(case))


def main():
    rng = np.random.default_rng(20261205)

    random = cosine_matrix(rng.normal(size=(40, 16)))
    freeze_distribution("random-40x16", "cosine", random,
                        [(20, (-1.0, 1.0), 0.3), (7, None, 0.0), (10, (-0.2, 0.2), 0.1)], reference=3)

    # Small integer vectors give many equal cosines, some exactly on bin
    # edges such as 0.5, and a zero vector makes a row of NaN.
    lattice = rng.integers(0, 3, size=(30, 4)).astype(np.float32)
    lattice[5] = 0.0
    lattice[lattice.sum(axis=1) == 0] = 0.0
    lattice[12] = [1, 0, 0, 0]
    lattice[13] = [1, 1, 1, 1]
    freeze_distribution("lattice-30x4", "cosine", cosine_matrix(lattice),
                        [(4, (0.0, 1.0), 0.5), (9, None, 0.75)], reference=12)

    points = rng.normal(size=(25, 8))
    freeze_distribution("euclidean-25x8", "euclidean", euclidean_matrix(points),
                        [(12, None, 3.5), (5, (2.0, 4.0), 3.0)], reference=0)

    freeze_pca("random-30x16", rng.normal(size=(30, 16)))
    centres = rng.normal(size=(4, 8)) * 3.0
    freeze_pca("groups-60x8", np.repeat(centres, 15, axis=0) + 0.5 * rng.normal(size=(60, 8)))
    freeze_pca("wide-5x40", rng.normal(size=(5, 40)))
    freeze_pca("three-5d", rng.normal(size=(3, 5)))

    grouped = np.repeat(rng.normal(size=(5, 24)), 12, axis=0) + 0.7 * rng.normal(size=(60, 24))
    freeze_clusters("groups-60x24", cosine_matrix(grouped), distance=0.6, count=4)
    freeze_clusters("random-30x16", cosine_matrix(rng.normal(size=(30, 16))), distance=0.9, count=5)

    freeze_outliers("groups-60x24", cosine_matrix(grouped), k=5)


if __name__ == "__main__":
    main()
