#!/usr/bin/python3
"""NumPy and SciPy references for bench/run.sh, timed the way the C++
benchmarks time themselves: one untimed warm-up, then the median of the
repeats. Prints the same RESULT lines as bench/benchsupport.h.

    reference.py blas
    reference.py matmul N D REPEATS
    reference.py linkage MATRIX.f32 N REPEATS [LEAVES.txt]
    reference.py table LOG

"table" reads the output of a whole bench/run.sh run (RESULT lines, with
"ROUND k" lines between rounds) and prints the comparison table.

Run it with Debian's /usr/bin/python3, whose python3-numpy and
python3-scipy link the system's libblas.so.3 alternative.
"""
import statistics
import sys
import time

import numpy as np


def report(name, timings, flops=0.0):
    wall, cpu = timings
    median = statistics.median(wall)
    line = f"RESULT {name} median_s={median:.4f} min_s={min(wall):.4f} cpu_s={statistics.median(cpu):.4f}"
    if flops:
        line += f" gflops={flops / median / 1e9:.1f}"
    print(f"{line} repeats={len(wall)}", flush=True)


def timed(repeats, work):
    """Wall-clock and process CPU seconds of each call, after a warm-up call."""
    work()
    wall, cpu = [], []
    for _ in range(repeats):
        cpu_start, start = time.process_time(), time.perf_counter()
        work()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - cpu_start)
    return wall, cpu


def blas():
    """Print which BLAS library and kernel NumPy loaded."""
    from threadpoolctl import threadpool_info

    print(f"numpy {np.__version__}")
    for pool in threadpool_info():
        print(f"  {pool.get('internal_api')} {pool.get('version')} kernel {pool.get('architecture')}, "
              f"{pool.get('num_threads')} threads, {pool.get('filepath')}")


def matmul(n, d, repeats):
    """E @ E.T on unit float32 rows; NumPy detects A @ A.T and calls syrk."""
    rng = np.random.default_rng(1)
    e = rng.standard_normal((n, d), dtype=np.float32)
    e /= np.linalg.norm(e, axis=1, keepdims=True)
    report("numpy_matmul", timed(repeats, lambda: e @ e.T), float(n) * n * d)


def linkage(path, n, repeats, leaves_path=None):
    """SciPy's average linkage on the float32 cosine matrix bench_clustering wrote."""
    from scipy.cluster.hierarchy import leaves_list
    from scipy.cluster.hierarchy import linkage as scipy_linkage
    from scipy.spatial.distance import squareform

    sim = np.fromfile(path, dtype=np.float32).reshape(n, n)
    distances = 1.0 - sim.astype(np.float64)
    np.fill_diagonal(distances, 0.0)
    condensed = squareform(distances, checks=False)

    result = {}

    def run():
        result["z"] = scipy_linkage(condensed, method="average")

    report("scipy_average_linkage", timed(repeats, run))
    if leaves_path:
        ours = np.loadtxt(leaves_path, dtype=np.int64)
        same = np.array_equal(ours, leaves_list(result["z"]))
        print(f"  leaf order {'equals' if same else 'DIFFERS from'} bench_clustering's")


# (ours, reference, what is compared, target ratio of wall times)
PAIRS = [
    ("similarity_cosine", "numpy_matmul", "cosine matrix 4096 x 2048 against NumPy E @ E.T", 1.1),
    ("average_linkage", "scipy_average_linkage", "average linkage of 5000 against SciPy linkage()", 1.0),
]


def parse(path):
    """Map each result name to a list of (round, wall, cpu, fields)."""
    results = {}
    current = 0
    with open(path) as log:
        for line in log:
            words = line.split()
            if words[:1] == ["ROUND"]:
                current = int(words[1])
            if words[:1] != ["RESULT"]:
                continue
            fields = dict(word.split("=", 1) for word in words[2:])
            entry = (current, float(fields["median_s"]), float(fields["cpu_s"]), fields)
            results.setdefault(words[1], []).append(entry)
    return results


def paired_ratios(ours, reference, index):
    """Ratios of runs made in the same round, so both saw the same load."""
    by_round = {entry[0]: entry[index] for entry in reference}
    return [entry[index] / by_round[entry[0]] for entry in ours if entry[0] in by_round]


def table(path):
    results = parse(path)
    print("| compared | ours wall s | reference wall s | wall ratio | CPU ratio | target | met |")
    print("|---|---|---|---|---|---|---|")
    for ours, reference, title, target in PAIRS:
        if ours not in results or reference not in results:
            print(f"| {title} | missing | | | | | |")
            continue
        wall = statistics.median(paired_ratios(results[ours], results[reference], 1))
        cpu = statistics.median(paired_ratios(results[ours], results[reference], 2))
        ours_s = statistics.median(e[1] for e in results[ours])
        ref_s = statistics.median(e[1] for e in results[reference])
        met = "yes" if wall <= target else "no"
        print(f"| {title} | {ours_s:.3f} | {ref_s:.3f} | {wall:.2f} | {cpu:.2f} | <= {target} | {met} |")

    print()
    print("| program | median wall s | median CPU s | GFLOP/s |")
    print("|---|---|---|---|")
    for name, entries in results.items():
        gflops = [float(e[3]["gflops"]) for e in entries if "gflops" in e[3]]
        rate = f"{statistics.median(gflops):.1f}" if gflops else ""
        wall = statistics.median(e[1] for e in entries)
        cpu = statistics.median(e[2] for e in entries)
        print(f"| {name} | {wall:.4f} | {cpu:.4f} | {rate} |")


def main():
    command = sys.argv[1]
    if command == "blas":
        blas()
    elif command == "matmul":
        matmul(int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))
    elif command == "linkage":
        linkage(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5] if len(sys.argv) > 5 else None)
    elif command == "table":
        table(sys.argv[2])
    else:
        sys.exit(f"unknown command {command}: expected blas, matmul, linkage or table")


if __name__ == "__main__":
    main()
