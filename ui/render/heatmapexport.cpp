#include "heatmapexport.h"

#include "workspace/csvexport.h"

#include <QCoreApplication>
#include <QDir>
#include <QImageWriter>
#include <QPainter>
#include <QSaveFile>
#include <QSvgGenerator>

#include <charconv>
#include <cmath>

namespace embedscope::render {

// Largest accepted scale. Eight times a preferred size is already a print-size
// image, and beyond that a large grid needs gigabytes of memory.
static constexpr double MAX_SCALE = 8.0;

namespace {
struct HeatmapExport
{
    Q_DECLARE_TR_FUNCTIONS(HeatmapExport)
};
} // namespace

using Text = HeatmapExport;

static Unexpected exportError(const QString &path, const QString &reason)
{
    return fail(Text::tr("Could not export the heatmap to %1: %2").arg(QDir::toNativeSeparators(path), reason));
}

static Expected<QImage> renderForExport(const HeatmapData &data, const HeatmapStyle &style, const QString &path,
                                        double scale)
{
    if (!(scale > 0.0 && scale <= MAX_SCALE))
        return exportError(path, Text::tr("the scale %1 is invalid; use a value above 0 and at most %2.")
                                     .arg(scale)
                                     .arg(MAX_SCALE));
    if (data.matrix.isEmpty())
        return exportError(path, Text::tr("there are no phrases to show."));

    const QSizeF size = preferredHeatmapSize(data, style);
    QImage image = renderHeatmapImage(data, style, size, scale);
    if (image.isNull()) {
        return exportError(path, Text::tr("an image of %1 x %2 pixels is too large; use a smaller scale.")
                                     .arg(qRound64(size.width() * scale))
                                     .arg(qRound64(size.height() * scale)));
    }

    // An opaque image is written without an alpha channel, which leaves
    // out one byte in four before compression.
    if (style.background.alpha() == 255)
        image = image.convertToFormat(QImage::Format_RGB32);
    image.setText(QStringLiteral("Software"), QStringLiteral("Embedscope " EMBEDSCOPE_VERSION));
    if (!data.title.isEmpty())
        image.setText(QStringLiteral("Title"), data.title);
    return image;
}

Expected<bool> exportHeatmapPng(const HeatmapData &data, const HeatmapStyle &style, const QString &path,
                                double scale)
{
    const Expected<QImage> image = renderForExport(data, style, path, scale);
    if (!image)
        return fail(image.error());

    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return exportError(path, file.errorString());

    QImageWriter writer(&file, "png");
    if (!writer.write(*image)) {
        file.cancelWriting();
        return exportError(path, writer.errorString());
    }

    // commit() renames the temporary file over path. Until then the old file,
    // if any, stays as it was.
    if (!file.commit())
        return exportError(path, file.errorString());
    return true;
}

Expected<bool> exportHeatmapSvg(const HeatmapData &data, const HeatmapStyle &style, const QString &path)
{
    if (data.matrix.isEmpty())
        return exportError(path, Text::tr("there are no phrases to show."));

    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return exportError(path, file.errorString());

    const QSizeF size = preferredHeatmapSize(data, style);
    QSvgGenerator generator;
    generator.setOutputDevice(&file);
    generator.setSize(size.toSize());
    generator.setViewBox(QRectF(QPointF(0, 0), size));
    generator.setResolution(96);
    generator.setTitle(data.title);
    generator.setDescription(QStringLiteral("Embedscope " EMBEDSCOPE_VERSION));

    QPainter painter;
    if (!painter.begin(&generator)) {
        file.cancelWriting();
        return exportError(path, Text::tr("the SVG writer could not start."));
    }
    painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    paintHeatmap(painter, data, style, layoutHeatmap(data, style, size));
    painter.end();

    if (!file.commit())
        return exportError(path, file.errorString());
    return true;
}

Expected<bool> exportHeatmapImage(const HeatmapData &data, const HeatmapStyle &style, const QString &path,
                                  double scale)
{
    if (path.endsWith(QStringLiteral(".svg"), Qt::CaseInsensitive))
        return exportHeatmapSvg(data, style, path);
    return exportHeatmapPng(data, style, path, scale);
}

QByteArray heatmapMatrixCsv(const HeatmapData &data)
{
    workspace::Snapshot snapshot;
    snapshot.phrases = data.phrases;
    snapshot.matrix = data.matrix;
    return workspace::matrixCsv(snapshot);
}

// Shortest text that reads back as the same float32, "." whatever the locale.
static QString scoreText(float value)
{
    if (std::isnan(value))
        return {};
    char buffer[32];
    const auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
    return QString::fromLatin1(buffer, end - buffer);
}

static QString tabField(QString text)
{
    text.replace(u'\t', u' ');
    text.replace(u'\r', u' ');
    text.replace(u'\n', u' ');
    return text;
}

QString heatmapTabSeparated(const HeatmapData &data)
{
    const int n = data.matrix.size();
    QString out = QStringLiteral("phrase");
    for (int column = 0; column < n; ++column)
        out += u'\t' + tabField(data.phrases.value(column));
    out += u'\n';

    for (int row = 0; row < n; ++row) {
        out += tabField(data.phrases.value(row));
        for (int column = 0; column < n; ++column)
            out += u'\t' + scoreText(data.matrix.at(row, column));
        out += u'\n';
    }
    return out;
}

} // namespace embedscope::render
