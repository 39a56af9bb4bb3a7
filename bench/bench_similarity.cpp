// Times computeSimilarity (normalise, one product, clamp and mirror) on
// random float32 embeddings.
//
//   bench_similarity [N=4096] [D=2048] [repeats=7]
//
// GFLOP/s counts N * N * D flops: the multiply-adds of the lower triangle
// that a symmetric rank-k update (syrk) computes, as NumPy's E @ E.T does.

#include "benchsupport.h"
#include "math/blasthreads.h"
#include "math/similaritymatrix.h"

using namespace embedscope;

int main(int argc, char **argv)
{
    const int n = bench::intArgument(argc, argv, 1, 4096);
    const int d = bench::intArgument(argc, argv, 2, 2048);
    const int repeats = bench::intArgument(argc, argv, 3, 7);
    const embedding::EmbeddingSet vectors = bench::randomEmbeddings(n, d, 1);

    // As in the app, so the figures are the ones a user gets.
    math::limitBlasThreads();

    for (const math::Metric metric : {math::Metric::Cosine, math::Metric::Euclidean}) {
        float checksum = 0.0f;
        const auto seconds = bench::timeRepeats(repeats, [&] {
            const math::SimilarityMatrix matrix = math::computeSimilarity(vectors, metric);
            checksum += matrix.at(n - 1, 0);
        });
        const std::string name = "similarity_" + math::metricName(metric).toStdString();
        bench::printResult(name, seconds, double(n) * n * d);
        std::printf("  N=%d D=%d checksum %.6f\n", n, d, double(checksum));
    }
    return 0;
}
