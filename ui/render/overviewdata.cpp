#include "overviewdata.h"

namespace embedscope::render {

HeatmapData blockOverviewData(const math::BlockOverview &overview, const QString &title)
{
    HeatmapData data;
    const std::vector<int> &bounds = overview.boundaries;
    for (size_t b = 0; b + 1 < bounds.size(); ++b) {
        data.phrases.append(bounds[b + 1] - bounds[b] == 1
                                ? QString::number(bounds[b] + 1)
                                : QStringLiteral("%1–%2").arg(bounds[b] + 1).arg(bounds[b + 1]));
    }
    data.matrix = overview.means;
    data.title = title;
    return data;
}

} // namespace embedscope::render
