#!/usr/bin/env bash
# Runs the benchmark programs and their NumPy and SciPy references in one
# run, alternating them round by round so both sides see the same machine
# load, then prints a table of ratios. Builds nothing; build first with
#
#   cmake --preset default && cmake --build --preset default
#
# Usage: bench/run.sh [BUILD_DIR]      (default: build)
# ROUNDS sets the number of alternating rounds (default 5).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
build=${1:-build}
bench="$build/bench"
rounds=${ROUNDS:-5}
python=/usr/bin/python3   # Debian's, with python3-numpy and python3-scipy

for program in bench_similarity bench_clustering bench_blockoverview; do
    if [ ! -x "$bench/$program" ]; then
        echo "error: $bench/$program not found; build the project first (see the top of $0)" >&2
        exit 1
    fi
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
log="$work/results.log"

# Some machines set these so that old OpenBLAS builds pick a safe kernel;
# they slow NumPy and Embedscope alike, so both sides run without them.
unblas() { env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$@"; }

echo "== machine"
grep -m1 "model name" /proc/cpuinfo
echo "cores: $(nproc), memory: $(free -h | awk '/^Mem:/ {print $2}'), load average: $(cut -d' ' -f1-3 /proc/loadavg)"
unblas "$python" "$here/reference.py" blas
if [ -x "$bench/bench_product_openblas" ]; then
    unblas "$bench/bench_product_openblas" 64 64 1 | head -1
fi

for round in $(seq 1 "$rounds"); do
    echo "== round $round of $rounds"
    echo "ROUND $round" >> "$log"
    unblas "$bench/bench_similarity" 4096 2048 5 | tee -a "$log"
    unblas "$python" "$here/reference.py" matmul 4096 2048 5 | tee -a "$log"
    unblas "$bench/bench_clustering" 5000 3 "$work/matrix.f32" "$work/leaves.txt" | tee -a "$log"
    unblas "$python" "$here/reference.py" linkage "$work/matrix.f32" 5000 3 "$work/leaves.txt" | tee -a "$log"
done

echo "== the bare product under each build (see bench/CMakeLists.txt)"
echo "ROUND 0" >> "$log"
for variant in openblas eigen eigen_native eigen_openmp eigen_native_openmp; do
    if [ -x "$bench/bench_product_$variant" ]; then
        unblas "$bench/bench_product_$variant" 4096 2048 3 | tee -a "$log"
    fi
done

echo "== block means of 100,000 x 384 in 1000 blocks, with peak memory"
unblas /usr/bin/time -v "$bench/bench_blockoverview" 100000 384 1000 512 5 > "$work/overview.txt" 2>&1
tee -a "$log" < "$work/overview.txt" | grep -E "RESULT|N="
grep -E "Maximum resident set size|Elapsed \(wall clock\)" "$work/overview.txt"

echo "== heatmap frames at 10,000 phrases: fit, zoom, hover, scroll (target: max under 100 ms)"
if [ -x "$bench/bench_heatmapframes" ]; then
    QT_QPA_PLATFORM=offscreen "$bench/bench_heatmapframes" 10000 64 2>/dev/null
else
    echo "skipped: $bench/bench_heatmapframes not built"
fi

echo
echo "== results (median of paired per-round ratios; ours / reference)"
"$python" "$here/reference.py" table "$log"
