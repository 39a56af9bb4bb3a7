#!/usr/bin/env bash
# One command from a fresh clone to the main job: install dependencies,
# build, then open the window (when a display exists) or write the heatmap
# of the bundled pangram list to pangrams.png with the built-in provider.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

bash packaging/install-deps.sh
cmake --preset default
cmake --build --preset default

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -z "${CI:-}" ]; then
    exec ./build/app/embedscope
fi

./build/app/embedscope render resources/examples/pangrams.txt -o pangrams.png --scores pangrams-scores.csv
echo "Wrote $root/pangrams.png and $root/pangrams-scores.csv (built-in provider, cosine similarity)."
