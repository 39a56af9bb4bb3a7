#pragma once

// Shared by the benchmark programs: seeded inputs, timing and output lines
// that bench/run.sh reads.

#include "embedding/embeddingset.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <random>
#include <string>
#include <vector>

namespace embedscope::bench {

// Integer argument index of argv, or fallback when it is missing.
inline int intArgument(int argc, char **argv, int index, int fallback)
{
    return index < argc ? std::atoi(argv[index]) : fallback;
}

// Standard normal float32 vectors, the same for the same seed.
inline embedding::EmbeddingSet randomEmbeddings(int rows, int dimensions, unsigned seed)
{
    embedding::EmbeddingSet set(rows, dimensions);
    std::mt19937 generator(seed);
    std::normal_distribution<float> normal;
    float *values = set.data();
    for (size_t i = 0; i < size_t(rows) * size_t(dimensions); ++i)
        values[i] = normal(generator);
    return set;
}

// Twenty centres with noise around them, as grouped phrases give, so a
// clustering tree has real structure and a map shows groups.
inline embedding::EmbeddingSet groupedEmbeddings(int n, int dimensions)
{
    const embedding::EmbeddingSet centres = randomEmbeddings(20, dimensions, 2);
    embedding::EmbeddingSet vectors = randomEmbeddings(n, dimensions, 3);
    for (int i = 0; i < n; ++i) {
        const auto centre = centres.row(i % 20);
        const auto row = vectors.row(i);
        for (int k = 0; k < dimensions; ++k)
            row[size_t(k)] = centre[size_t(k)] + 0.8f * row[size_t(k)];
    }
    return vectors;
}

// CPU seconds used by all threads of this process so far.
inline double processCpuSeconds()
{
    timespec now{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
    return double(now.tv_sec) + 1e-9 * double(now.tv_nsec);
}

// Wall-clock and CPU seconds of each of several calls of some work.
struct Timings
{
    std::vector<double> wall;
    std::vector<double> cpu;
};

// Times repeats calls of work after one untimed warm-up call that pays for
// thread start-up. CPU time is the steadier figure on a shared machine: it
// leaves out the time other processes held the cores.
template<typename Work>
Timings timeRepeats(int repeats, Work work)
{
    work();
    Timings timings;
    for (int r = 0; r < repeats; ++r) {
        const double cpuStart = processCpuSeconds();
        const auto start = std::chrono::steady_clock::now();
        work();
        const auto stop = std::chrono::steady_clock::now();
        timings.cpu.push_back(processCpuSeconds() - cpuStart);
        timings.wall.push_back(std::chrono::duration<double>(stop - start).count());
    }
    return timings;
}

inline double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    const size_t middle = values.size() / 2;
    return values.size() % 2 ? values[middle] : 0.5 * (values[middle - 1] + values[middle]);
}

// One result line, "RESULT <name> median_s=<wall> min_s=<wall>
// cpu_s=<median CPU> [gflops=<by median wall>] repeats=<count>". run.sh
// reads these; everything else a program prints is for people.
inline void printResult(const std::string &name, const Timings &timings, double flops = 0.0)
{
    const double mid = median(timings.wall);
    const double fastest = *std::min_element(timings.wall.begin(), timings.wall.end());
    std::printf("RESULT %s median_s=%.4f min_s=%.4f cpu_s=%.4f", name.c_str(), mid, fastest, median(timings.cpu));
    if (flops > 0.0)
        std::printf(" gflops=%.1f", flops / mid / 1e9);
    std::printf(" repeats=%zu\n", timings.wall.size());
    std::fflush(stdout);
}

} // namespace embedscope::bench
