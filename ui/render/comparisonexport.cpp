#include "comparisonexport.h"

#include "heatmapspacing.h"
#include "renderfont.h"

#include <QCoreApplication>
#include <QDir>
#include <QImageWriter>
#include <QPainter>
#include <QSaveFile>
#include <QTextLayout>

#include <algorithm>
#include <cmath>

namespace embedscope::render {

namespace {
struct ComparisonExport
{
    Q_DECLARE_TR_FUNCTIONS(ComparisonExport)
};
} // namespace

using Text = ComparisonExport;
using spacing::PADDING;

// A figure is at least this wide, in logical pixels, so that the
// descriptions of a small heatmap wrap into a few lines rather than many.
static constexpr double MIN_FIGURE_WIDTH = 640.0;
static constexpr int TITLE_PIXELS = 17;
static constexpr int SUBTITLE_PIXELS = 12;
static constexpr double SUBTITLE_GAP = 6.0;

HeatmapStyle differenceStyle(const math::SimilarityMatrix &difference, bool normalised)
{
    const auto [low, high] = difference.finiteRange();
    const double extent = std::isnan(low) ? 1.0 : std::max({std::abs(double(low)), std::abs(double(high)), 1e-6});

    HeatmapStyle style;
    style.colormap = ColormapKind::RedBlue;
    style.vmin = -extent;
    style.vmax = extent;
    style.maskDiagonal = true;
    style.colorBarCaption = normalised ? Text::tr("Normalised difference (A − B)") : Text::tr("Difference (A − B)");
    return style;
}

// Lines of text broken at word boundaries to fit width, or anywhere inside a
// word that is wider than width on its own, such as a long URL.
static QStringList wrappedLines(const QString &text, const QFont &font, double width)
{
    QTextLayout layout(text, font);
    QTextOption option;
    option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    layout.setTextOption(option);

    QStringList lines;
    layout.beginLayout();
    for (QTextLine line = layout.createLine(); line.isValid(); line = layout.createLine()) {
        line.setLineWidth(width);
        lines.append(text.mid(line.textStart(), line.textLength()).trimmed());
    }
    layout.endLayout();
    return lines;
}

struct Heading
{
    QFont titleFont;
    QFont subtitleFont;
    QString title;
    QStringList subtitleLines;
    double height = 0.0;
};

static Heading layoutHeading(const DifferenceFigure &figure, double textWidth)
{
    Heading heading;
    heading.titleFont = renderFont(TITLE_PIXELS);
    heading.titleFont.setBold(true);
    heading.subtitleFont = renderFont(SUBTITLE_PIXELS);

    const QFontMetricsF titleMetrics(heading.titleFont);
    heading.title = titleMetrics.elidedText(figure.title, Qt::ElideMiddle, textWidth);
    for (const QString &line : figure.subtitle)
        heading.subtitleLines += wrappedLines(line, heading.subtitleFont, textWidth);

    const QFontMetricsF subtitleMetrics(heading.subtitleFont);
    heading.height = PADDING + titleMetrics.height() + SUBTITLE_GAP
                     + heading.subtitleLines.size() * subtitleMetrics.lineSpacing();
    return heading;
}

static void paintHeading(QPainter &painter, const Heading &heading, double width)
{
    painter.setPen(Qt::black);
    painter.setFont(heading.titleFont);
    const QFontMetricsF titleMetrics(heading.titleFont);
    double top = PADDING;
    painter.drawText(QRectF(0, top, width, titleMetrics.height()), Qt::AlignHCenter | Qt::AlignTop, heading.title);
    top += titleMetrics.height() + SUBTITLE_GAP;

    painter.setPen(QColor(0x44, 0x44, 0x44));
    painter.setFont(heading.subtitleFont);
    const QFontMetricsF subtitleMetrics(heading.subtitleFont);
    for (const QString &line : heading.subtitleLines) {
        painter.drawText(QRectF(0, top, width, subtitleMetrics.lineSpacing()), Qt::AlignHCenter | Qt::AlignTop,
                         line);
        top += subtitleMetrics.lineSpacing();
    }
}

QImage renderDifferenceFigure(const DifferenceFigure &figure, double scale)
{
    HeatmapData data = figure.data;
    data.title.clear();
    const QSizeF mapSize = preferredHeatmapSize(data, figure.style);
    const double width = std::max(mapSize.width(), MIN_FIGURE_WIDTH);
    const Heading heading = layoutHeading(figure, width - 2 * PADDING);

    const QSize pixels(qRound(width * scale), qRound((heading.height + mapSize.height()) * scale));
    if (!(scale > 0.0) || pixels.isEmpty())
        return {};
    QImage image(pixels, QImage::Format_ARGB32_Premultiplied);
    if (image.isNull())
        return {};
    image.setDotsPerMeterX(qRound(96.0 * scale / 0.0254));
    image.setDotsPerMeterY(qRound(96.0 * scale / 0.0254));
    image.fill(figure.style.background);

    QPainter painter(&image);
    painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    painter.scale(scale, scale);
    paintHeading(painter, heading, width);
    painter.translate((width - mapSize.width()) / 2, heading.height);
    paintHeatmap(painter, data, figure.style, layoutHeatmap(data, figure.style, mapSize));
    painter.end();

    image.setText(QStringLiteral("Title"), figure.title);
    image.setText(QStringLiteral("Description"), figure.subtitle.join(u'\n'));
    image.setText(QStringLiteral("Software"), QStringLiteral("Embedscope " EMBEDSCOPE_VERSION));
    return image;
}

static Unexpected exportError(const QString &path, const QString &reason)
{
    return fail(Text::tr("Could not export the difference heatmap to %1: %2").arg(QDir::toNativeSeparators(path), reason));
}

Expected<bool> exportDifferencePng(const DifferenceFigure &figure, const QString &path, double scale)
{
    if (figure.data.matrix.isEmpty())
        return exportError(path, Text::tr("there are no phrases to show."));
    const QImage image = renderDifferenceFigure(figure, scale);
    if (image.isNull())
        return exportError(path, Text::tr("the image is too large at scale %1; use a smaller scale.").arg(scale));

    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return exportError(path, file.errorString());
    QImageWriter writer(&file, "png");
    if (!writer.write(image)) {
        file.cancelWriting();
        return exportError(path, writer.errorString());
    }
    if (!file.commit())
        return exportError(path, file.errorString());
    return true;
}

} // namespace embedscope::render
