// Color range, color-bar ticks and cell texts of the heatmap renderer.
#include "heatmaprenderer.h"

#include <QCoreApplication>

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>

namespace embedscope::render {

using math::Metric;
using math::SimilarityMatrix;

static constexpr QChar MINUS_SIGN = QChar(0x2212);

double ColorScale::position(double value) const
{
    if (std::isnan(value))
        return value;

    const double t = std::clamp((value - vmin) / (vmax - vmin), 0.0, 1.0);
    return reversed ? 1.0 - t : t;
}

void SummaryAccumulator::add(float value, bool onDiagonal)
{
    if (!std::isfinite(value)) {
        m_undefined = m_undefined || std::isnan(value);
        return;
    }
    m_low = std::min(m_low, double(value));
    m_high = std::max(m_high, double(value));
    if (!onDiagonal) {
        m_offLow = std::min(m_offLow, double(value));
        m_offHigh = std::max(m_offHigh, double(value));
    }
}

MatrixSummary SummaryAccumulator::result(Metric metric) const
{
    MatrixSummary summary;
    summary.metric = metric;
    summary.hasUndefined = m_undefined;
    if (m_low <= m_high) {
        summary.low = m_low;
        summary.high = m_high;
    }
    if (m_offLow <= m_offHigh) {
        summary.offDiagonalLow = m_offLow;
        summary.offDiagonalHigh = m_offHigh;
    }
    return summary;
}

MatrixSummary summarizeMatrix(const SimilarityMatrix &matrix)
{
    SummaryAccumulator accumulator;
    const int n = matrix.size();
    const float *values = matrix.data();
    for (int row = 0; row < n; ++row) {
        const float *line = values + qsizetype(row) * n;
        for (int column = 0; column < n; ++column)
            accumulator.add(line[column], row == column);
    }
    return accumulator.result(matrix.metric());
}

static std::pair<double, double> defaultRange(const MatrixSummary &summary, bool fitToData)
{
    // The off-diagonal values leave out the self-scores (1 for cosine, 0 for
    // distances), which would otherwise stretch the range.
    if (fitToData && !std::isnan(summary.offDiagonalLow))
        return {summary.offDiagonalLow, summary.offDiagonalHigh};

    // The reference notebook pins cosine to 0..1. Dot products and distances
    // have no natural bound, so they use the data: the dot products of
    // unnormalised vectors can run 0..100 and must not be clipped at 1.
    if (summary.metric == Metric::Cosine)
        return {0.0, 1.0};

    if (std::isnan(summary.low))
        return {0.0, 1.0};
    return {summary.low, summary.high};
}

static ColormapKind concreteColormap(const MatrixSummary &summary, ColormapKind requested)
{
    if (requested != ColormapKind::Automatic)
        return requested;
    return summary.low < 0.0 ? ColormapKind::RedBlue : ColormapKind::Greens;
}

// Centres a diverging map on 0, so white means "no similarity" whatever the
// extremes are.
static std::pair<double, double> symmetricRange(const MatrixSummary &summary)
{
    const double extent = std::max(std::abs(summary.low), std::abs(summary.high));
    return {-extent, extent};
}

ColorScale resolveColorScale(const SimilarityMatrix &matrix, const HeatmapStyle &style)
{
    return resolveColorScale(summarizeMatrix(matrix), style);
}

ColorScale resolveColorScale(const MatrixSummary &summary, const HeatmapStyle &style)
{
    const ColormapKind colormap = concreteColormap(summary, style.colormap);
    const bool centred = style.colormap == ColormapKind::Automatic && colormap == ColormapKind::RedBlue
                         && !style.fitToData;
    auto [low, high] = centred ? symmetricRange(summary) : defaultRange(summary, style.fitToData);
    if (std::isfinite(style.vmin))
        low = style.vmin;
    if (std::isfinite(style.vmax))
        high = style.vmax;
    if (low > high)
        std::swap(low, high);

    // A single value (one phrase, or all scores equal) still needs a span to
    // map onto, so the range is widened a little around it.
    if (low == high) {
        const double margin = low == 0.0 ? 1.0 : std::abs(low) * 0.05;
        high += margin;
        if (low != 0.0)
            low -= margin;
    }

    ColorScale scale;
    scale.vmin = low;
    scale.vmax = high;
    scale.reversed = !math::higherIsCloser(summary.metric);
    scale.colormap = colormap;
    return scale;
}

static int tickCount(double first, double last, double step)
{
    const double epsilon = 1e-9;
    return int(std::floor(last / step + epsilon) - std::ceil(first / step - epsilon)) + 1;
}

QList<double> colorBarTicks(const ColorScale &scale, int maxTicks)
{
    const double span = scale.vmax - scale.vmin;
    if (!(span > 0.0) || !std::isfinite(span))
        return {scale.vmin};
    maxTicks = std::max(maxTicks, 2);

    // The first round step that needs no more than maxTicks ticks.
    const double rough = span / double(maxTicks - 1);
    const double magnitude = std::pow(10.0, std::floor(std::log10(rough)));
    double step = 10.0 * magnitude;
    for (double factor : {1.0, 2.0, 2.5, 5.0, 10.0}) {
        if (tickCount(scale.vmin, scale.vmax, factor * magnitude) <= maxTicks) {
            step = factor * magnitude;
            break;
        }
    }

    // Past 2^53 steps from zero, doubles cannot tell neighbouring ticks apart.
    const double epsilon = 1e-9;
    if (std::max(std::abs(scale.vmin), std::abs(scale.vmax)) / step > 9e15)
        return {scale.vmin, scale.vmax};

    // Integer multiples of step, so rounding error does not pile up from one
    // tick to the next as it would when adding step repeatedly.
    QList<double> ticks;
    const auto first = qint64(std::ceil(scale.vmin / step - epsilon));
    const auto last = qint64(std::floor(scale.vmax / step + epsilon));
    for (qint64 k = first; k <= last; ++k)
        ticks.append(double(k) * step);
    return ticks;
}

QString annotationText(double value, int decimals)
{
    if (std::isnan(value))
        return QCoreApplication::translate("HeatmapRenderer", "n/a");

    QString text = QString::number(value, 'f', std::clamp(decimals, 0, 6));

    // "-0.00" would claim a sign that the shown digits cannot have.
    const bool allZero = std::all_of(text.cbegin(), text.cend(), [](QChar c) {
        return c == u'0' || c == u'.' || c == u'-';
    });
    if (text.startsWith(u'-'))
        text = allZero ? text.mid(1) : MINUS_SIGN + text.mid(1);
    return text;
}

QString colorBarCaption(Metric metric)
{
    switch (metric) {
    case Metric::Cosine:
        return QCoreApplication::translate("HeatmapRenderer", "Cosine similarity");
    case Metric::Dot:
        return QCoreApplication::translate("HeatmapRenderer", "Dot product");
    case Metric::Euclidean:
        return QCoreApplication::translate("HeatmapRenderer", "Euclidean distance");
    }
    return {};
}

QString colorBarCaption(const SimilarityMatrix &matrix, const HeatmapStyle &style)
{
    if (!style.colorBarCaption.isEmpty())
        return style.colorBarCaption;
    return colorBarCaption(matrix.metric());
}

} // namespace embedscope::render
