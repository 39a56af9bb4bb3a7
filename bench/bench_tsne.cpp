// Times the t-SNE map of N grouped random vectors with the exact gradient
// (theta 0) and with the Barnes-Hut gradient (theta 0.5), each with the
// default 1000 iterations and perplexity 30.
//
//   bench_tsne [N=1000] [repeats=3]

#include "benchsupport.h"
#include "math/tsne.h"

using namespace embedscope;

// Twenty centres with noise around them, as grouped phrases give.
static embedding::EmbeddingSet groupedEmbeddings(int n, int dimensions)
{
    const embedding::EmbeddingSet centres = bench::randomEmbeddings(20, dimensions, 2);
    embedding::EmbeddingSet vectors = bench::randomEmbeddings(n, dimensions, 3);
    for (int i = 0; i < n; ++i) {
        const auto centre = centres.row(i % 20);
        const auto row = vectors.row(i);
        for (int k = 0; k < dimensions; ++k)
            row[size_t(k)] = centre[size_t(k)] + 0.8f * row[size_t(k)];
    }
    return vectors;
}

int main(int argc, char **argv)
{
    const int n = bench::intArgument(argc, argv, 1, 1000);
    const int repeats = bench::intArgument(argc, argv, 2, 3);
    const embedding::EmbeddingSet vectors = groupedEmbeddings(n, 512);

    for (const double theta : {0.0, 0.5}) {
        math::TsneOptions options;
        options.theta = theta;
        const auto seconds = bench::timeRepeats(repeats, [&] {
            const auto map = math::projectTsne(vectors, math::Metric::Cosine, options);
            if (!map)
                std::abort();
        });
        bench::printResult(theta > 0.0 ? "tsne_barnes_hut" : "tsne_exact", seconds);
    }
    std::printf("  N=%d, D=512\n", n);
    return 0;
}
