#include "embeddingexport.h"

#include "csvexport.h"
#include "savefile.h"
#include "text/floatformat.h"
#include "text/npyformat.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

namespace embedscope::workspace {

static Expected<bool> checkTable(const QStringList &phrases, const QStringList &labels,
                                 const embedding::EmbeddingSet &vectors)
{
    if (phrases.size() != vectors.rows())
        return fail(QStringLiteral("cannot export %1 phrases with %2 vectors; embed the phrases again")
                        .arg(phrases.size())
                        .arg(vectors.rows()));
    if (!labels.isEmpty() && labels.size() != phrases.size())
        return fail(QStringLiteral("cannot export %1 phrases with %2 labels").arg(phrases.size()).arg(labels.size()));

    for (int row = 0; row < vectors.rows(); ++row) {
        for (float value : vectors.row(row)) {
            if (!std::isfinite(value))
                return fail(QStringLiteral("cannot export: the vector of phrase %1 (\"%2\") contains NaN or "
                                           "infinity; embed it again or remove it")
                                .arg(row + 1)
                                .arg(phrases.value(row).left(40)));
        }
    }
    return true;
}

QByteArray projectorVectorsTsv(const embedding::EmbeddingSet &vectors)
{
    QString out;
    for (int row = 0; row < vectors.rows(); ++row) {
        const auto values = vectors.row(row);
        for (size_t i = 0; i < values.size(); ++i) {
            if (i > 0)
                out += u'\t';
            out += text::formatFloat32(values[i]);
        }
        out += u'\n';
    }
    return out.toUtf8();
}

// The Projector splits metadata lines on tabs and never unquotes (parseMetadata
// in tensorboard/plugins/projector/vz_projector/data-provider.ts).
static QString projectorCell(QString cell)
{
    cell.replace(u'\t', u' ');
    cell.replace(u'\r', u' ');
    cell.replace(u'\n', u' ');
    return cell;
}

QByteArray projectorMetadataTsv(const QStringList &phrases, const QStringList &labels)
{
    // The Projector reads single-column metadata without a header, and
    // requires one when there are several columns.
    QString out = labels.isEmpty() ? QString() : QStringLiteral("text\tlabel\n");
    for (qsizetype i = 0; i < phrases.size(); ++i) {
        out += projectorCell(phrases.at(i));
        if (!labels.isEmpty())
            out += u'\t' + projectorCell(labels.at(i));
        out += u'\n';
    }
    return out.toUtf8();
}

Expected<bool> exportProjectorTsv(const QString &vectorsPath, const QString &metadataPath,
                                  const EmbeddingTable &table)
{
    if (auto valid = checkTable(table.phrases, table.labels, table.vectors); !valid)
        return valid;
    // NOTE: each file is replaced atomically, but the pair is not. If writing
    // the metadata fails, the new vectors.tsv is already in place.
    if (auto written = writeFileAtomically(vectorsPath, projectorVectorsTsv(table.vectors)); !written)
        return written;
    return writeFileAtomically(metadataPath, projectorMetadataTsv(table.phrases, table.labels));
}

Expected<bool> exportNpy(const QString &path, const embedding::EmbeddingSet &vectors)
{
    const QStringList unnamed(vectors.rows(), QString());
    if (auto valid = checkTable(unnamed, {}, vectors); !valid)
        return valid;
    return writeFileAtomically(path, text::serializeNpy(vectors));
}

static QByteArray vectorJson(std::span<const float> values)
{
    QByteArray out = "[";
    for (size_t i = 0; i < values.size(); ++i) {
        if (i > 0)
            out += ',';
        out += text::formatFloat32(values[i]).toLatin1();
    }
    return out + ']';
}

QByteArray embeddingJsonl(const EmbeddingTable &table)
{
    QByteArray out;
    for (int row = 0; row < table.vectors.rows(); ++row) {
        QJsonObject record{{QStringLiteral("text"), table.phrases.at(row)}};
        if (!table.labels.isEmpty())
            record.insert(QStringLiteral("label"), table.labels.at(row));

        // QJsonDocument would write each float as the double it widens to
        // ("0.10000000149011612" for 0.1f), so the vector is appended as text.
        QByteArray line = QJsonDocument(record).toJson(QJsonDocument::Compact);
        line.chop(1);
        out += line + ",\"embedding\":" + vectorJson(table.vectors.row(row)) + "}\n";
    }
    return out;
}

Expected<bool> exportEmbeddingJsonl(const QString &path, const EmbeddingTable &table)
{
    if (auto valid = checkTable(table.phrases, table.labels, table.vectors); !valid)
        return valid;
    return writeFileAtomically(path, embeddingJsonl(table));
}

QByteArray phraseCsv(const QStringList &phrases, const QStringList &labels)
{
    QString out = labels.isEmpty() ? QStringLiteral("text\n") : QStringLiteral("text,label\n");
    for (qsizetype i = 0; i < phrases.size(); ++i) {
        out += csvField(phrases.at(i));
        if (!labels.isEmpty())
            out += u',' + csvField(labels.at(i));
        out += u'\n';
    }
    return out.toUtf8();
}

Expected<bool> exportPhraseCsv(const QString &path, const QStringList &phrases, const QStringList &labels)
{
    if (!labels.isEmpty() && labels.size() != phrases.size())
        return fail(QStringLiteral("cannot export %1 phrases with %2 labels").arg(phrases.size()).arg(labels.size()));
    return writeFileAtomically(path, phraseCsv(phrases, labels));
}

} // namespace embedscope::workspace
