// Times the bare product E * E^T of unit float32 rows in two forms, to
// compare how the same Eigen code performs under different builds:
// bench/CMakeLists.txt compiles this file several times with different
// flags (portable, -march=native, OpenMP, EIGEN_USE_BLAS with OpenBLAS).
//
//   bench_product_<variant> [N=4096] [D=2048] [repeats=7]
//
// "gemm" is the general product (2 * N * N * D flops), "syrk" the lower
// triangle only through selfadjointView().rankUpdate() (N * N * D flops).

#include "benchsupport.h"

#include <Eigen/Core>

#include <string>

#ifndef EMBEDSCOPE_BENCH_VARIANT
#define EMBEDSCOPE_BENCH_VARIANT "eigen"
#endif

#ifdef EIGEN_USE_BLAS
extern "C" char *openblas_get_corename();
#endif

using namespace embedscope;
using RowMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

static void printBuild()
{
    std::printf("variant %s, Eigen SIMD: %s, Eigen threads: %d", EMBEDSCOPE_BENCH_VARIANT,
                Eigen::SimdInstructionSetsInUse(), Eigen::nbThreads());
#ifdef EIGEN_USE_BLAS
    std::printf(", OpenBLAS core: %s", openblas_get_corename());
#endif
    std::printf("\n");
}

int main(int argc, char **argv)
{
    const int n = bench::intArgument(argc, argv, 1, 4096);
    const int d = bench::intArgument(argc, argv, 2, 2048);
    const int repeats = bench::intArgument(argc, argv, 3, 7);
    printBuild();

    const embedding::EmbeddingSet vectors = bench::randomEmbeddings(n, d, 1);
    RowMatrix unit = Eigen::Map<const RowMatrix>(vectors.data(), n, d);
    unit.rowwise().normalize();
    RowMatrix out(n, n);

    const std::string prefix = std::string("product_") + EMBEDSCOPE_BENCH_VARIANT;
    const auto gemm = bench::timeRepeats(repeats, [&] { out.noalias() = unit * unit.transpose(); });
    bench::printResult(prefix + "_gemm", gemm, 2.0 * n * n * d);

    const auto syrk = bench::timeRepeats(repeats, [&] {
        out.setZero();
        out.selfadjointView<Eigen::Lower>().rankUpdate(unit);
    });
    bench::printResult(prefix + "_syrk", syrk, double(n) * n * d);
    return 0;
}
