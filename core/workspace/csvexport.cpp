#include "csvexport.h"

#include <charconv>
#include <cmath>

namespace embedscope::workspace {

QString csvField(const QString &text)
{
    const bool needsQuotes = text.contains(u',') || text.contains(u'"') || text.contains(u'\n')
                             || text.contains(u'\r') || text.startsWith(u' ') || text.endsWith(u' ');
    if (!needsQuotes)
        return text;
    QString quoted = text;
    quoted.replace(u'"', QStringLiteral("\"\""));
    return u'"' + quoted + u'"';
}

// Shortest text that reads back as the same float32 ("0.8734", not
// "0.873399973"). std::to_chars ignores the locale, so the decimal separator
// is always ".".
static QString formatScore(float value)
{
    if (std::isnan(value))
        return {};
    char buffer[32];
    const auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
    return QString::fromLatin1(buffer, end - buffer);
}

QByteArray matrixCsv(const Snapshot &snapshot)
{
    const math::SimilarityMatrix &matrix = snapshot.matrix;
    QString out = csvField(QStringLiteral("phrase"));
    for (const QString &phrase : snapshot.phrases)
        out += u',' + csvField(phrase);
    out += u'\n';

    for (int row = 0; row < matrix.size(); ++row) {
        out += csvField(snapshot.phrases.value(row));
        for (int column = 0; column < matrix.size(); ++column)
            out += u',' + formatScore(matrix.at(row, column));
        out += u'\n';
    }
    return out.toUtf8();
}

QByteArray scoresCsv(const Snapshot &snapshot, int reference)
{
    QString out = QStringLiteral("rank,index,phrase,") + math::metricName(snapshot.metric()) + u'\n';

    // Without the full matrix the reference's row comes from the vectors.
    const auto ranking = snapshot.hasFullMatrix()
        ? math::rankAgainst(snapshot.matrix, reference)
        : math::rankScores(math::computeSimilarityRow(snapshot.vectors, snapshot.metric(), reference), snapshot.metric());
    int rank = 1;
    for (const math::RankedScore &entry : ranking) {
        out += QString::number(rank++) + u',' + QString::number(entry.index + 1) + u','
               + csvField(snapshot.phrases.value(entry.index)) + u',' + formatScore(entry.score) + u'\n';
    }
    return out.toUtf8();
}

} // namespace embedscope::workspace
