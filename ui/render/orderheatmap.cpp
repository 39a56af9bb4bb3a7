// Rearranging heatmap data into a computed order.
#include "heatmaprenderer.h"

namespace embedscope::render {

HeatmapData orderHeatmap(const HeatmapData &data, const math::HeatmapOrder &order)
{
    if (order.permutation.size() != size_t(data.matrix.size()))
        return data;

    HeatmapData ordered;
    ordered.title = data.title;
    ordered.phrases = math::permuteLabels(data.phrases, order.permutation);
    ordered.matrix = math::permuteMatrix(data.matrix, order.permutation);
    ordered.order = order;
    return ordered;
}

} // namespace embedscope::render
