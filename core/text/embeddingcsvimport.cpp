// CSV and TSV files of phrases with one numeric column per dimension.
#include "embeddingimport.h"

#include "common/logging.h"
#include "delimitedtext.h"
#include "floatformat.h"
#include "importfile.h"
#include "vectorrows.h"

#include <QFileInfo>

namespace embedscope::text {

namespace {

struct CsvLayout
{
    bool hasHeader = false;
    QStringList header; // trimmed header cells; empty without a header
    qsizetype columnCount = 0;
    int text = -1;
    int label = -1;
    QList<int> vectorColumns;
    bool listColumn = false; // the only vector column contains "[0.1, 0.2]" lists
    QChar decimalSeparator = u'.';
};

// The first line is a header when a column is chosen by name, when a cell
// names the text column, or when a word sits above a number.
bool detectHeader(const QList<DelimitedRecord> &records, const EmbeddingImportOptions &options, QChar decimal)
{
    if (options.header != HeaderMode::Detect)
        return options.header == HeaderMode::Present;
    if (!options.textColumn.name.isEmpty() || !options.labelColumn.name.isEmpty())
        return true;

    const QStringList &first = records.first().cells;
    if (findHeaderColumn(first, isTextColumnName) >= 0)
        return true;
    if (records.size() < 2)
        return false;
    const QStringList &second = records.at(1).cells;
    for (qsizetype column = 0; column < std::min(first.size(), second.size()); ++column) {
        if (!looksLikeNumber(first.at(column), decimal) && looksLikeNumber(second.at(column), decimal))
            return true;
    }
    return false;
}

Expected<int> chooseTextColumn(const CsvLayout &layout, const QStringList &firstData,
                               const EmbeddingImportOptions &options, const QString &source)
{
    if (options.textColumn.isSet())
        return resolveColumn(options.textColumn, layout.header, layout.columnCount, source, QStringLiteral("text"));

    const int named = findHeaderColumn(layout.header, isTextColumnName);
    if (named >= 0)
        return named;
    for (int column = 0; column < firstData.size(); ++column) {
        if (!looksLikeNumber(firstData.at(column), layout.decimalSeparator))
            return column;
    }
    return fail(QStringLiteral("%1 has no text column: every cell of its first row is a number. Add a column "
                               "with the phrases, or import the vectors as .npy with a separate phrase file")
                    .arg(source));
}

Expected<CsvLayout> csvLayout(const DelimitedTable &table, const EmbeddingImportOptions &options,
                              const QString &source)
{
    CsvLayout layout;
    const QList<DelimitedRecord> &records = table.records;
    // A semicolon-separated file is what German or French Excel writes, with
    // decimal commas.
    layout.decimalSeparator = table.delimiter == u';' ? u',' : u'.';
    layout.hasHeader = detectHeader(records, options, layout.decimalSeparator);
    if (layout.hasHeader) {
        for (const QString &cell : records.first().cells)
            layout.header.append(cell.trimmed());
    }
    layout.columnCount = records.first().cells.size();
    if (records.size() == (layout.hasHeader ? 1 : 0))
        return fail(QStringLiteral("%1 has a header but no rows of data").arg(source));
    const QStringList &firstData = records.at(layout.hasHeader ? 1 : 0).cells;

    const auto text = chooseTextColumn(layout, firstData, options, source);
    if (!text)
        return fail(text.error());
    layout.text = *text;

    layout.label = findHeaderColumn(layout.header, isLabelColumnName, layout.text);
    if (options.labelColumn.isSet()) {
        const auto label = resolveColumn(options.labelColumn, layout.header, layout.columnCount, source,
                                         QStringLiteral("label"));
        if (!label)
            return fail(label.error());
        layout.label = *label;
    }

    for (int column = 0; column < layout.columnCount; ++column) {
        if (column != layout.text && column != layout.label)
            layout.vectorColumns.append(column);
    }
    if (layout.vectorColumns.isEmpty())
        return fail(QStringLiteral("%1 has no vector columns besides the text and label columns; give one numeric "
                                   "column per dimension")
                        .arg(source));
    layout.listColumn = layout.vectorColumns.size() == 1
                        && firstData.value(layout.vectorColumns.first()).trimmed().startsWith(u'[');
    return layout;
}

QString columnLocation(const QString &source, const DelimitedRecord &record, int column, const CsvLayout &layout)
{
    QString where = importLocation(source, record.line, column + 1);
    if (layout.hasHeader && column < layout.header.size())
        where += QStringLiteral(" (\"%1\")").arg(layout.header.at(column));
    return where;
}

// A text column that is neither the text nor the label column is most often
// a second label or an id, so the message suggests choosing it as the label
// column instead of only reporting "not a number".
Expected<bool> checkColumnsAreNumeric(const DelimitedRecord &firstData, const CsvLayout &layout,
                                      const QString &source)
{
    if (layout.listColumn)
        return true;
    for (int column : layout.vectorColumns) {
        const QString cell = firstData.cells.value(column).trimmed();
        if (cell.isEmpty() || looksLikeNumber(cell, layout.decimalSeparator))
            continue;
        return fail(QStringLiteral("%1 contains text such as \"%2\", not numbers; choose it as the label column or "
                                   "remove it, because every other column must be a vector dimension")
                        .arg(columnLocation(source, firstData, column, layout), cell.left(40)));
    }
    return true;
}

// "[0.1, 0.2]" from pandas or "[0.1 0.2]" from NumPy's repr.
Expected<bool> addListCell(VectorRows &rows, const QString &cell, const QString &location)
{
    QStringView inner = QStringView(cell).trimmed();
    if (!inner.startsWith(u'[') || !inner.endsWith(u']'))
        return fail(QStringLiteral("%1: the vector must be a list in brackets such as [0.1, 0.2]").arg(location));
    inner = inner.sliced(1, inner.size() - 2);

    const QList<QStringView> items = inner.contains(u',') ? inner.split(u',') : inner.split(u' ', Qt::SkipEmptyParts);
    for (qsizetype i = 0; i < items.size(); ++i) {
        auto added = rows.addCell(items.at(i), QStringLiteral("%1, element %2").arg(location).arg(i + 1));
        if (!added)
            return added;
    }
    return true;
}

Expected<bool> addRecord(VectorRows &rows, const DelimitedRecord &record, const CsvLayout &layout,
                         const QString &source)
{
    for (int column : layout.vectorColumns) {
        const QString location = columnLocation(source, record, column, layout);
        auto added = layout.listColumn ? addListCell(rows, record.cells.at(column), location)
                                       : rows.addCell(record.cells.at(column), location);
        if (!added)
            return added;
    }
    return rows.finishRow(record.line);
}

} // namespace

Expected<ImportedEmbeddings> importEmbeddingCsv(const QString &path, const EmbeddingImportOptions &options)
{
    const auto text = readImportText(path);
    if (!text)
        return fail(text.error());
    std::optional<QChar> delimiter = options.delimiter;
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (!delimiter && (suffix == u"tsv" || suffix == u"tab"))
        delimiter = u'\t';
    const auto table = readDelimitedTable(*text, delimiter);
    if (!table)
        return fail(table.error());
    if (table->records.isEmpty())
        return fail(QStringLiteral("%1 contains no rows").arg(text->source));

    const auto layout = csvLayout(*table, options, text->source);
    if (!layout)
        return fail(layout.error());
    const qsizetype firstData = layout->hasHeader ? 1 : 0;
    if (auto numeric = checkColumnsAreNumeric(table->records.at(firstData), *layout, text->source); !numeric)
        return fail(numeric.error());

    ImportedEmbeddings imported;
    VectorRows rows(text->source, layout->decimalSeparator);
    for (qsizetype i = firstData; i < table->records.size(); ++i) {
        const DelimitedRecord &record = table->records.at(i);
        if (record.cells.size() != layout->columnCount)
            return fail(QStringLiteral("%1: the line has %2 cells, but line %3 has %4; check the delimiter and the "
                                       "quotes on that line")
                            .arg(importLocation(text->source, record.line), QString::number(record.cells.size()),
                                 formatCount(table->records.first().line), QString::number(layout->columnCount)));

        const QString location = columnLocation(text->source, record, layout->text, *layout);
        auto phrase = cleanPhrase(record.cells.at(layout->text), location);
        if (!phrase)
            return fail(phrase.error());
        if (phrase->isEmpty())
            return fail(QStringLiteral("%1: the phrase is empty; every vector needs a phrase").arg(location));
        if (auto added = addRecord(rows, record, *layout, text->source); !added)
            return fail(added.error());

        imported.phrases.append(*phrase);
        if (layout->label >= 0)
            imported.labels.append(record.cells.at(layout->label).trimmed());
    }

    imported.vectors = rows.take();
    imported.warnings = text->warnings;
    qCDebug(lcText) << "imported" << imported.vectors.rows() << "x" << imported.vectors.dimensions()
                    << "vectors from" << path;
    return imported;
}

} // namespace embedscope::text
