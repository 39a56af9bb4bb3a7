// Times average-linkage clustering of the cosine matrix of N grouped random
// vectors, and writes that matrix and the resulting leaf order so that
// bench/reference.py can run SciPy on the same input and compare orders.
//
//   bench_clustering [N=5000] [repeats=5] [matrix.f32] [leaves.txt]

#include "benchsupport.h"
#include "math/clustering.h"

#include <fstream>

using namespace embedscope;

static void writeMatrix(const math::SimilarityMatrix &matrix, const char *path)
{
    std::ofstream file(path, std::ios::binary);
    file.write(reinterpret_cast<const char *>(matrix.data()),
               std::streamsize(sizeof(float) * size_t(matrix.size()) * size_t(matrix.size())));
}

static void writeLeaves(const std::vector<int> &leaves, const char *path)
{
    std::ofstream file(path);
    for (int leaf : leaves)
        file << leaf << '\n';
}

int main(int argc, char **argv)
{
    const int n = bench::intArgument(argc, argv, 1, 5000);
    const int repeats = bench::intArgument(argc, argv, 2, 5);
    const math::SimilarityMatrix matrix = math::computeSimilarity(bench::groupedEmbeddings(n, 64), math::Metric::Cosine);
    if (argc > 3)
        writeMatrix(matrix, argv[3]);

    std::vector<double> condensed;
    const auto distanceSeconds = bench::timeRepeats(repeats, [&] { condensed = math::condensedDistances(matrix); });
    bench::printResult("condensed_distances", distanceSeconds);

    std::optional<math::Dendrogram> dendrogram;
    const auto linkageSeconds = bench::timeRepeats(repeats, [&] {
        dendrogram = math::clusterHierarchically(condensed, n, math::Linkage::Average);
    });
    bench::printResult("average_linkage", linkageSeconds);
    std::printf("  N=%d, last merge at %.6f\n", n, dendrogram->merges().back().distance);

    if (argc > 4)
        writeLeaves(dendrogram->leafOrder(), argv[4]);
    return 0;
}
