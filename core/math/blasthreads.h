#pragma once

namespace embedscope::math {

// Runs OpenBLAS on the calling thread only, once per process, unless the
// user set OPENBLAS_NUM_THREADS. Embedscope already runs its analyses side
// by side on Qt's thread pool. OpenBLAS's own worker threads spin-wait for
// each other, which stalls when the cores are busy: on 2 cores at a load
// average of 9, tst_analysisviews took 212 s with OpenBLAS's default of 2
// threads and 26 s with 1. Without EMBEDSCOPE_USE_OPENBLAS it does nothing.
void limitBlasThreads();

} // namespace embedscope::math
