#include "clustersummary.h"

#include "cancellation.h"
#include "common/logging.h"

#include <cmath>
#include <limits>
#include <map>

namespace embedscope::math {

static constexpr double UNDEFINED = std::numeric_limits<double>::quiet_NaN();

// Mean of row's defined scores against the other members, or NaN.
static double meanAgainstOthers(const SimilarityMatrix &matrix, int row, const std::vector<int> &members)
{
    double sum = 0.0;
    int count = 0;
    for (int member : members) {
        if (member == row || !matrix.isDefined(row, member))
            continue;
        sum += matrix.at(row, member);
        ++count;
    }
    return count > 0 ? sum / count : UNDEFINED;
}

static void findCentralMember(const SimilarityMatrix &matrix, ClusterSummary &cluster)
{
    const bool descending = higherIsCloser(matrix.metric());
    cluster.centralMember = cluster.members.front();
    cluster.centralMeanScore = UNDEFINED;

    for (int member : cluster.members) {
        const double mean = meanAgainstOthers(matrix, member, cluster.members);
        if (std::isnan(mean))
            continue;
        const bool better = std::isnan(cluster.centralMeanScore)
            || (descending ? mean > cluster.centralMeanScore : mean < cluster.centralMeanScore);
        if (better) {
            cluster.centralMember = member;
            cluster.centralMeanScore = mean;
        }
    }
}

static void measureInternalScore(const SimilarityMatrix &matrix, ClusterSummary &cluster)
{
    double sum = 0.0;
    int count = 0;
    cluster.undefinedPairCount = 0;
    for (size_t a = 0; a < cluster.members.size(); ++a) {
        for (size_t b = a + 1; b < cluster.members.size(); ++b) {
            const float score = matrix.at(cluster.members[a], cluster.members[b]);
            if (std::isnan(score)) {
                ++cluster.undefinedPairCount;
                continue;
            }
            sum += score;
            ++count;
        }
    }
    cluster.meanInternalScore = count > 0 ? sum / count : UNDEFINED;
}

std::optional<std::vector<ClusterSummary>> summariseClusters(const SimilarityMatrix &matrix,
                                                             const std::vector<int> &labels,
                                                             const std::atomic_bool *cancel)
{
    if (labels.size() != size_t(matrix.size())) {
        qCWarning(lcMath) << "cluster summary: got" << labels.size() << "labels for" << matrix.size() << "phrases";
        return std::vector<ClusterSummary>{};
    }

    std::map<int, std::vector<int>> membersByLabel;
    for (int i = 0; i < int(labels.size()); ++i)
        membersByLabel[labels[size_t(i)]].push_back(i);

    std::vector<ClusterSummary> clusters;
    clusters.reserve(membersByLabel.size());
    for (auto &[label, members] : membersByLabel) {
        if (isCancelled(cancel))
            return std::nullopt;

        ClusterSummary cluster;
        cluster.label = label;
        cluster.members = std::move(members);
        findCentralMember(matrix, cluster);
        measureInternalScore(matrix, cluster);
        clusters.push_back(std::move(cluster));
    }
    qCDebug(lcMath) << "summarised" << clusters.size() << "clusters of" << matrix.size() << "phrases";
    return clusters;
}

} // namespace embedscope::math
