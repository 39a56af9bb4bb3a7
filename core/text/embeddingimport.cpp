#include "embeddingimport.h"

#include "common/logging.h"
#include "floatformat.h"
#include "importfile.h"
#include "npyformat.h"
#include "vectorrows.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace embedscope::text {

// The Projector's files are plain tab-separated lines without quoting. Its
// own parser (parseTensors and parseMetadata in TensorBoard's
// plugins/projector/vz_projector/data-provider.ts) splits each line on tabs,
// so this one does the same.
static Expected<embedding::EmbeddingSet> readProjectorVectors(const ImportText &text)
{
    VectorRows rows(text.source);
    qsizetype number = 0;
    for (QStringView line : QStringView(text.text).split(u'\n')) {
        ++number;
        if (line.trimmed().isEmpty())
            continue;
        const auto cells = line.split(u'\t');
        for (qsizetype column = 0; column < cells.size(); ++column) {
            if (auto added = rows.addCell(cells.at(column), importLocation(text.source, number, column + 1)); !added)
                return fail(added.error());
        }
        if (auto finished = rows.finishRow(number); !finished)
            return fail(finished.error());
    }
    if (rows.rowCount() == 0)
        return fail(QStringLiteral("%1 contains no vectors").arg(text.source));
    return rows.take();
}

struct MetadataLine
{
    QStringList cells;
    qsizetype line = 0;
};

static QList<MetadataLine> splitMetadata(const ImportText &text)
{
    QList<MetadataLine> lines;
    qsizetype number = 0;
    for (QStringView line : QStringView(text.text).split(u'\n')) {
        ++number;
        QStringList cells;
        for (QStringView cell : line.split(u'\t'))
            cells.append(cell.toString());
        lines.append(MetadataLine{cells, number});
    }
    while (!lines.isEmpty() && lines.last().cells.join(QString()).trimmed().isEmpty())
        lines.removeLast();
    return lines;
}

static QString metadataCountMessage(const ImportText &metadata, qsizetype lines, const QString &vectorsSource,
                                    int vectors)
{
    return QStringLiteral("%1 has %2 lines, but %3 has %4 vectors; the metadata needs one line per vector, plus "
                          "a header line when it has several columns")
        .arg(metadata.source, formatCount(lines), vectorsSource, formatCount(vectors));
}

// Header and the text and label columns of Projector metadata.
struct MetadataLayout
{
    bool hasHeader = false;
    int text = 0;
    int label = -1;
};

static Expected<MetadataLayout> metadataLayout(const QList<MetadataLine> &lines, const ImportText &metadata,
                                               const QString &vectorsSource, int vectors,
                                               const EmbeddingImportOptions &options)
{
    MetadataLayout layout;
    const QStringList &first = lines.first().cells;
    if (first.size() == 1) {
        layout.hasHeader = lines.size() == vectors + 1;
        if (!layout.hasHeader && lines.size() != vectors)
            return fail(metadataCountMessage(metadata, lines.size(), vectorsSource, vectors));
        return layout;
    }

    layout.hasHeader = true;
    if (lines.size() != vectors + 1)
        return fail(metadataCountMessage(metadata, lines.size(), vectorsSource, vectors));
    layout.text = std::max(0, findHeaderColumn(first, isTextColumnName));
    if (options.textColumn.isSet()) {
        auto text = resolveColumn(options.textColumn, first, first.size(), metadata.source, QStringLiteral("text"));
        if (!text)
            return fail(text.error());
        layout.text = *text;
    }
    layout.label = findHeaderColumn(first, isLabelColumnName, layout.text);
    if (options.labelColumn.isSet()) {
        auto label = resolveColumn(options.labelColumn, first, first.size(), metadata.source, QStringLiteral("label"));
        if (!label)
            return fail(label.error());
        layout.label = *label;
    }
    return layout;
}

Expected<ImportedEmbeddings> importProjectorTsv(const QString &vectorsPath, const QString &metadataPath,
                                                const EmbeddingImportOptions &options)
{
    const auto vectorText = readImportText(vectorsPath);
    if (!vectorText)
        return fail(vectorText.error());
    auto vectors = readProjectorVectors(*vectorText);
    if (!vectors)
        return fail(vectors.error());

    const auto metadata = readImportText(metadataPath);
    if (!metadata)
        return fail(metadata.error());
    const QList<MetadataLine> lines = splitMetadata(*metadata);
    if (lines.isEmpty())
        return fail(QStringLiteral("%1 contains no phrases").arg(metadata->source));
    const auto layout = metadataLayout(lines, *metadata, vectorText->source, vectors->rows(), options);
    if (!layout)
        return fail(layout.error());

    ImportedEmbeddings imported;
    for (qsizetype i = layout->hasHeader ? 1 : 0; i < lines.size(); ++i) {
        const MetadataLine &line = lines.at(i);
        const QString location = importLocation(metadata->source, line.line, layout->text + 1);
        auto phrase = cleanPhrase(line.cells.value(layout->text), location);
        if (!phrase)
            return fail(phrase.error());
        if (phrase->isEmpty())
            return fail(QStringLiteral("%1: the phrase is empty; every vector needs a phrase").arg(location));
        imported.phrases.append(*phrase);
        if (layout->label >= 0)
            imported.labels.append(line.cells.value(layout->label).trimmed());
    }

    imported.vectors = std::move(*vectors);
    imported.warnings = vectorText->warnings + metadata->warnings;
    qCDebug(lcText) << "imported" << imported.vectors.rows() << "x" << imported.vectors.dimensions()
                    << "Projector vectors from" << vectorsPath;
    return imported;
}

Expected<ImportedEmbeddings> importNpyEmbeddings(const QString &npyPath, const QString &phrasesPath,
                                                 const EmbeddingImportOptions &options)
{
    const auto bytes = readImportBytes(npyPath);
    if (!bytes)
        return fail(bytes.error());
    auto vectors = parseNpy(*bytes, importSourceName(npyPath));
    if (!vectors)
        return fail(vectors.error());

    auto phrases = importPhraseFile(phrasesPath, options.phraseFile);
    if (!phrases)
        return fail(phrases.error());
    if (phrases->phrases.size() != vectors->rows())
        return fail(QStringLiteral("%1 has %2 rows, but %3 has %4 phrases; the phrase file needs one phrase per "
                                   "row, in the same order")
                        .arg(importSourceName(npyPath), formatCount(vectors->rows()), importSourceName(phrasesPath),
                             formatCount(phrases->phrases.size())));

    ImportedEmbeddings imported;
    imported.phrases = std::move(phrases->phrases);
    imported.labels = std::move(phrases->labels);
    imported.vectors = std::move(*vectors);
    imported.warnings = std::move(phrases->warnings);
    qCDebug(lcText) << "imported" << imported.vectors.rows() << "x" << imported.vectors.dimensions()
                    << "vectors from" << npyPath;
    return imported;
}

// True when the first non-blank line of a file is all tab-separated
// numbers, which distinguishes Projector vectors from their metadata. Only
// the start of the file is read, so a large vectors file is checked at once.
bool isProjectorVectorsFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return false;

    constexpr qint64 MAX_LINE_BYTES = 1 << 20;
    while (!file.atEnd()) {
        QByteArray line = file.readLine(MAX_LINE_BYTES).trimmed();
        if (line.startsWith("\xEF\xBB\xBF")) // a UTF-8 byte order mark, as Excel writes
            line = line.mid(3).trimmed();
        if (line.isEmpty())
            continue;
        const QString text = QString::fromUtf8(line);
        for (QStringView cell : QStringView(text).split(u'\t')) {
            if (!parseFloat32(cell))
                return false;
        }
        return true;
    }
    return false;
}

// "vectors.tsv" goes with "metadata.tsv", and "words_vectors.tsv" with
// "words_metadata.tsv"; other names try "<stem>_metadata.tsv" and a plain
// "metadata.tsv" beside them.
QString findProjectorMetadata(const QString &vectorsPath)
{
    const QFileInfo vectors(vectorsPath);
    const QString stem = vectors.completeBaseName();
    QStringList candidates;
    for (const QString &word : {QStringLiteral("vectors"), QStringLiteral("tensors")}) {
        const qsizetype at = stem.lastIndexOf(word, -1, Qt::CaseInsensitive);
        if (at >= 0)
            candidates.append(QString(stem).replace(at, word.size(), QStringLiteral("metadata")));
    }
    candidates << stem + QStringLiteral("_metadata") << stem + QStringLiteral("-metadata")
               << QStringLiteral("metadata");

    for (const QString &candidate : std::as_const(candidates)) {
        const QFileInfo metadata(vectors.dir().filePath(candidate + QStringLiteral(".tsv")));
        if (metadata.isFile() && metadata.canonicalFilePath() != vectors.canonicalFilePath())
            return metadata.filePath();
    }
    return {};
}

Expected<ImportedEmbeddings> importEmbeddingFile(const QString &path, const QString &companionPath,
                                                 const EmbeddingImportOptions &options)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == u"npy") {
        if (companionPath.isEmpty())
            return fail(QStringLiteral("%1 contains only vectors; choose the phrase file for its rows as well")
                            .arg(importSourceName(path)));
        return importNpyEmbeddings(path, companionPath, options);
    }
    if (suffix == u"jsonl" || suffix == u"ndjson")
        return importEmbeddingJsonl(path, options);
    if (!companionPath.isEmpty()) {
        if (!isProjectorVectorsFile(path) && isProjectorVectorsFile(companionPath))
            return importProjectorTsv(companionPath, path, options);
        return importProjectorTsv(path, companionPath, options);
    }
    if (suffix == u"tsv" && isProjectorVectorsFile(path)) {
        const QString metadata = findProjectorMetadata(path);
        if (metadata.isEmpty())
            return fail(QStringLiteral("%1 contains only vectors, as a Projector vectors file does; choose its "
                                       "metadata file (such as metadata.tsv) as well")
                            .arg(importSourceName(path)));
        return importProjectorTsv(path, metadata, options);
    }
    return importEmbeddingCsv(path, options);
}

} // namespace embedscope::text
