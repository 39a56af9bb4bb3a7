#include "blasthreads.h"

#include "common/logging.h"

#include <QtGlobal>

#include <mutex>

#ifdef EIGEN_USE_BLAS
// From OpenBLAS's cblas.h, which is not on the default include path.
extern "C" void openblas_set_num_threads(int threadCount);
extern "C" int openblas_get_num_threads();
#endif

namespace embedscope::math {

namespace {

// The thread count OpenBLAS started with, or 0 while no limit is in force.
// Guarded by blasMutex, as is wideScopes.
int startingThreads = 0;
int wideScopes = 0;
std::mutex blasMutex;

} // namespace

void limitBlasThreads()
{
#ifdef EIGEN_USE_BLAS
    static std::once_flag once;
    std::call_once(once, [] {
        if (qEnvironmentVariableIsSet("OPENBLAS_NUM_THREADS")) {
            qCDebug(lcMath) << "OpenBLAS threads left to OPENBLAS_NUM_THREADS";
            return;
        }
        const std::lock_guard lock(blasMutex);
        startingThreads = openblas_get_num_threads();
        if (wideScopes == 0)
            openblas_set_num_threads(1);
        qCDebug(lcMath) << "OpenBLAS runs on the calling thread only, except for similarity products on"
                        << startingThreads << "threads";
    });
#endif
}

int blasThreadCount()
{
#ifdef EIGEN_USE_BLAS
    return openblas_get_num_threads();
#else
    return 1;
#endif
}

// OpenBLAS's pthread server (driver/others/blas_server.c) creates threads
// only when the count rises above the number it has, so moving the count
// between 1 and the starting one sets a number while other threads may be
// inside BLAS calls.
WideBlasScope::WideBlasScope()
{
#ifdef EIGEN_USE_BLAS
    const std::lock_guard lock(blasMutex);
    if (wideScopes++ == 0 && startingThreads > 1)
        openblas_set_num_threads(startingThreads);
#endif
}

WideBlasScope::~WideBlasScope()
{
#ifdef EIGEN_USE_BLAS
    const std::lock_guard lock(blasMutex);
    if (--wideScopes == 0 && startingThreads > 1)
        openblas_set_num_threads(1);
#endif
}

} // namespace embedscope::math
