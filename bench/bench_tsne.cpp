// Times the t-SNE map of N grouped random vectors with the exact gradient
// (theta 0) and with the Barnes-Hut gradient (theta 0.5), each with the
// default 1000 iterations and perplexity 30, and prints the process's peak
// resident memory. Run one variant per process for a peak that belongs to
// it alone; the exact variant keeps several N x N matrices of doubles.
//
//   bench_tsne [N=1000] [repeats=3] [variant=both|exact|barnes-hut]

#include "benchsupport.h"
#include "math/tsne.h"

#include <sys/resource.h>

#include <cstring>

using namespace embedscope;

// Peak resident set size of this process so far, in MiB (Linux reports
// ru_maxrss in KiB).
static double peakMebibytes()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_maxrss) / 1024.0;
}

int main(int argc, char **argv)
{
    const int n = bench::intArgument(argc, argv, 1, 1000);
    const int repeats = bench::intArgument(argc, argv, 2, 3);
    const char *variant = argc > 3 ? argv[3] : "both";
    const embedding::EmbeddingSet vectors = bench::groupedEmbeddings(n, 512);
    std::printf("  N=%d, D=512, peak before t-SNE %.0f MiB\n", n, peakMebibytes());

    for (const double theta : {0.0, 0.5}) {
        const char *name = theta > 0.0 ? "barnes-hut" : "exact";
        if (std::strcmp(variant, "both") != 0 && std::strcmp(variant, name) != 0)
            continue;
        math::TsneOptions options;
        options.theta = theta;
        const auto seconds = bench::timeRepeats(repeats, [&] {
            const auto map = math::projectTsne(vectors, math::Metric::Cosine, options);
            if (!map)
                std::abort();
        });
        bench::printResult(theta > 0.0 ? "tsne_barnes_hut" : "tsne_exact", seconds);
        std::printf("  peak resident memory so far %.0f MiB\n", peakMebibytes());
    }
    return 0;
}
