// Times the block-mean overview and full-detail tiles of N random vectors
// in a shuffled order, without ever forming the N x N matrix. Run it under
// /usr/bin/time -v for the peak memory (maximum resident set size).
//
//   bench_blockoverview [N=100000] [D=384] [blocks=1000] [tile=512] [repeats=5]

#include "benchsupport.h"
#include "math/blockoverview.h"

#include <numeric>

using namespace embedscope;

int main(int argc, char **argv)
{
    const int n = bench::intArgument(argc, argv, 1, 100000);
    const int d = bench::intArgument(argc, argv, 2, 384);
    const int blocks = bench::intArgument(argc, argv, 3, 1000);
    const int tileSize = std::min(bench::intArgument(argc, argv, 4, 512), n);
    const int repeats = bench::intArgument(argc, argv, 5, 5);

    const embedding::EmbeddingSet vectors = bench::randomEmbeddings(n, d, 4);
    std::vector<int> order(static_cast<size_t>(n));
    std::iota(order.begin(), order.end(), 0);
    std::shuffle(order.begin(), order.end(), std::mt19937(5));
    const std::vector<int> boundaries = math::blockBoundaries(n, blocks);

    float checksum = 0.0f;
    const auto overview = bench::timeRepeats(repeats, [&] {
        checksum += math::computeBlockMeans(vectors, order, boundaries).at(0, 1);
    });
    bench::printResult("block_means", overview);

    // A tile at the far corner, so it reads rows from all over the input.
    const math::TileRange corner{n - tileSize, n, 0, tileSize};
    const auto tile = bench::timeRepeats(repeats, [&] {
        checksum += math::computeSimilarityTile(vectors, math::Metric::Cosine, order, corner).at(0, 0);
    });
    bench::printResult("similarity_tile", tile);
    std::printf("  N=%d D=%d blocks=%d tile=%dx%d checksum %.6f\n", n, d, blocks, tileSize, tileSize,
                double(checksum));
    return 0;
}
