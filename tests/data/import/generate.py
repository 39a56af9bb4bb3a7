#!/usr/bin/python3
"""Write the .npy fixtures that tst_embeddingimport reads.

NumPy writes these files itself, so the importer is tested against the real
header layout (padding, dict order, format versions) and not against this
project's own writer. The C++ tests need no Python. Regenerate with Debian
12's python3-numpy (1.24.2):

    /usr/bin/python3 tests/data/import/generate.py
"""
import json
import pathlib

import numpy as np
from numpy.lib import format as npy_format

HERE = pathlib.Path(__file__).resolve().parent

# Three rows of four values: ordinary decimals, a subnormal, float32's largest
# finite value and a float64 value that is not representable as float32.
VALUES = [
    [0.1, -0.25, 1e-3, 3.4028234663852886e38],
    [1.0, 0.0, -0.0, 1e-40],
    [0.8734, -0.05, 123456.789, 2.0 / 3.0],
]
PHRASES = ["apple pie", "steel girder", "caf\u00e9 au lait"]


def save(name, array, version=None):
    with open(HERE / name, "wb") as out:
        npy_format.write_array(out, array, version=version, allow_pickle=False)


def main():
    float64 = np.array(VALUES, dtype=np.float64)
    float32 = float64.astype(np.float32)

    save("vectors-float32.npy", float32)
    save("vectors-float64.npy", float64)
    save("vectors-float32-v2.npy", float32, version=(2, 0))
    save("vectors-float32-v3.npy", float32, version=(3, 0))
    save("vectors-fortran.npy", np.asfortranarray(float32))
    save("vectors-bigendian.npy", float32.astype(">f4"))
    save("vectors-int64.npy", np.arange(12, dtype=np.int64).reshape(3, 4))
    save("vectors-1d.npy", float32[0])

    nan = float32.copy()
    nan[1, 2] = np.nan
    save("vectors-nan.npy", nan)

    (HERE / "phrases.txt").write_text("\n".join(PHRASES) + "\n", encoding="utf-8")

    # Each float32 value as its bit pattern, because a JSON reader may drop
    # the sign of -0.0, and as the double equal to it, for people reading.
    expected = {
        "phrases": PHRASES,
        "float32_bits": float32.view(np.uint32).tolist(),
        "float32": [[float(v) for v in row] for row in float32],
    }
    (HERE / "expected.json").write_text(json.dumps(expected, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
