#pragma once

namespace embedscope::math {

// Runs OpenBLAS on the calling thread only, once per process, unless the
// user set OPENBLAS_NUM_THREADS. Embedscope already runs its analyses side
// by side on Qt's thread pool. OpenBLAS's own worker threads spin-wait for
// each other, which stalls when the cores are busy: on 2 cores at a load
// average of 9, tst_analysisviews took 212 s with OpenBLAS's default of 2
// threads and 26 s with 1. Without EMBEDSCOPE_USE_OPENBLAS it does nothing.
void limitBlasThreads();

// Returns the number of threads OpenBLAS uses for the next call, or 1
// without EMBEDSCOPE_USE_OPENBLAS.
int blasThreadCount();

// Scope in which OpenBLAS gets back the threads it started with, for the one
// large product behind a similarity matrix. On one thread that product took
// 1.65 times as long on 2 idle cores. Scopes may nest and overlap across
// threads, and the limit returns when the last one ends.
class WideBlasScope
{
public:
    WideBlasScope();
    ~WideBlasScope();
    WideBlasScope(const WideBlasScope &) = delete;
    WideBlasScope &operator=(const WideBlasScope &) = delete;
};

} // namespace embedscope::math
