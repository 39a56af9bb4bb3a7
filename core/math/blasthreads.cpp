#include "blasthreads.h"

#include "common/logging.h"

#include <QtGlobal>

#include <mutex>

#ifdef EIGEN_USE_BLAS
// From OpenBLAS's cblas.h, which is not on the default include path.
extern "C" void openblas_set_num_threads(int threadCount);
#endif

namespace embedscope::math {

void limitBlasThreads()
{
#ifdef EIGEN_USE_BLAS
    static std::once_flag once;
    std::call_once(once, [] {
        if (qEnvironmentVariableIsSet("OPENBLAS_NUM_THREADS")) {
            qCDebug(lcMath) << "OpenBLAS threads left to OPENBLAS_NUM_THREADS";
            return;
        }
        openblas_set_num_threads(1);
        qCDebug(lcMath) << "OpenBLAS runs on the calling thread only";
    });
#endif
}

} // namespace embedscope::math
