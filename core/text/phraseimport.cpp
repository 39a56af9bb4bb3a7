#include "phraseimport.h"

#include "common/logging.h"
#include "delimitedtext.h"
#include "floatformat.h"
#include "importlimits.h"
#include "jsonlines.h"

#include <QFileInfo>
#include <QSet>

namespace embedscope::text {

PhraseFormat phraseFormatForPath(const QString &path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == u"csv" || suffix == u"tsv" || suffix == u"tab")
        return PhraseFormat::Delimited;
    if (suffix == u"jsonl" || suffix == u"ndjson")
        return PhraseFormat::JsonLines;
    return PhraseFormat::PlainText;
}

Expected<QString> cleanPhrase(QStringView cell, const QString &location)
{
    const QStringView trimmed = cell.trimmed();

    // Code points never outnumber UTF-16 code units, so only a long cell
    // needs counting.
    if (trimmed.size() > MAX_PHRASE_CHARACTERS) {
        const qsizetype characters = trimmed.toUcs4().size();
        if (characters > MAX_PHRASE_CHARACTERS)
            return fail(QStringLiteral("%1: the phrase has %2 characters, more than the maximum of %3; "
                                       "shorten it or split it into several phrases")
                            .arg(location, formatCount(characters), formatCount(MAX_PHRASE_CHARACTERS)));
    }
    return trimmed.toString();
}

static Expected<ImportedPhrases> parsePlainText(const ImportText &text)
{
    ImportedPhrases imported;
    qsizetype number = 0;
    for (QStringView line : QStringView(text.text).split(u'\n')) {
        ++number;
        auto phrase = cleanPhrase(line, importLocation(text.source, number));
        if (!phrase)
            return fail(phrase.error());
        if (!phrase->isEmpty())
            imported.phrases.append(std::move(*phrase));
    }
    return imported;
}

// Whether a column repeats a few values (labels, categories) below a first
// cell that appears nowhere among them, as "sentiment" above "pos" and
// "neg" does. Needs at least four data rows to tell repeats from chance.
static bool isCategoryColumnHeader(const QList<DelimitedRecord> &records, qsizetype column, qsizetype sample)
{
    const QString header = records.first().cells.value(column).trimmed();
    if (header.isEmpty() || sample < 5)
        return false;

    QSet<QString> values;
    for (qsizetype row = 1; row < sample; ++row) {
        const QString value = records.at(row).cells.value(column).trimmed();
        if (value.isEmpty() || value == header)
            return false;
        values.insert(value);
    }
    return values.size() * 2 <= sample - 1;
}

// A header line names its columns. Data lines rarely contain "text" or
// "label" alone in a cell, a word above a column of numbers is a header, and
// so is a word above a column of repeated categories.
static bool detectHeader(const QList<DelimitedRecord> &records, const PhraseImportOptions &options)
{
    if (options.header != HeaderMode::Detect)
        return options.header == HeaderMode::Present;
    if (!options.textColumn.name.isEmpty() || !options.labelColumn.name.isEmpty())
        return true;

    const QStringList &first = records.first().cells;
    if (findHeaderColumn(first, isTextColumnName) >= 0 || findHeaderColumn(first, isLabelColumnName) >= 0)
        return true;
    if (records.size() < 2)
        return false;

    const qsizetype sample = std::min<qsizetype>(records.size(), 21);
    for (qsizetype column = 0; column < first.size(); ++column) {
        if (parseFloat32(first.at(column)))
            continue;
        bool numbersBelow = true;
        for (qsizetype row = 1; row < sample && numbersBelow; ++row)
            numbersBelow = column < records.at(row).cells.size() && parseFloat32(records.at(row).cells.at(column));
        if (numbersBelow)
            return true;
    }

    const qsizetype categorySample = std::min<qsizetype>(records.size(), 201);
    for (qsizetype column = 0; column < first.size(); ++column) {
        if (!parseFloat32(first.at(column)) && isCategoryColumnHeader(records, column, categorySample))
            return true;
    }
    return false;
}

static QStringList columnNamesOf(const QList<DelimitedRecord> &records, bool hasHeader)
{
    if (hasHeader) {
        QStringList names;
        for (const QString &cell : records.first().cells)
            names.append(cell.trimmed());
        return names;
    }

    qsizetype columns = 0;
    for (const DelimitedRecord &record : records)
        columns = std::max(columns, record.cells.size());
    QStringList names;
    for (qsizetype i = 1; i <= columns; ++i)
        names.append(QStringLiteral("Column %1").arg(i));
    return names;
}

struct ChosenColumns
{
    int text = 0;
    int label = -1;
};

static Expected<ChosenColumns> chooseColumns(const QStringList &header, qsizetype columnCount,
                                             const PhraseImportOptions &options, const QString &source)
{
    ChosenColumns chosen;
    if (options.textColumn.isSet()) {
        auto text = resolveColumn(options.textColumn, header, columnCount, source, QStringLiteral("text"));
        if (!text)
            return fail(text.error());
        chosen.text = *text;
    } else {
        chosen.text = std::max(0, findHeaderColumn(header, isTextColumnName));
    }

    if (options.labelColumn.isSet()) {
        auto label = resolveColumn(options.labelColumn, header, columnCount, source, QStringLiteral("label"));
        if (!label)
            return fail(label.error());
        chosen.label = *label;
    } else {
        chosen.label = findHeaderColumn(header, isLabelColumnName, chosen.text);
    }
    return chosen;
}

// A header with several columns, none named like a phrase column, leaves the
// first column as a guess the user should hear about: a file headed
// "id,review" would otherwise have its ids embedded without a word.
static bool guessedTextColumn(const QStringList &header, const PhraseImportOptions &options)
{
    return !options.textColumn.isSet() && header.size() > 1 && findHeaderColumn(header, isTextColumnName) < 0;
}

static QString skippedRowsWarning(const QList<qsizetype> &lines, const QString &source)
{
    QStringList shownLines;
    for (qsizetype i = 0; i < std::min<qsizetype>(lines.size(), 5); ++i)
        shownLines.append(formatCount(lines.at(i)));
    if (lines.size() > 5)
        shownLines.append(QStringLiteral("..."));
    return QStringLiteral("%1: skipped %2 rows whose text cell is empty (lines %3)")
        .arg(source, formatCount(lines.size()), shownLines.join(QStringLiteral(", ")));
}

static Expected<ImportedPhrases> parseDelimitedPhrases(const ImportText &text, const PhraseImportOptions &options,
                                                       std::optional<QChar> delimiter)
{
    auto table = readDelimitedTable(text, delimiter);
    if (!table)
        return fail(table.error());
    const QList<DelimitedRecord> &records = table->records;
    if (records.isEmpty())
        return ImportedPhrases{};

    ImportedPhrases imported;
    const bool hasHeader = detectHeader(records, options);
    imported.columnNames = columnNamesOf(records, hasHeader);
    const QStringList header = hasHeader ? imported.columnNames : QStringList();
    const auto columns = chooseColumns(header, imported.columnNames.size(), options, text.source);
    if (!columns)
        return fail(columns.error());
    if (guessedTextColumn(header, options))
        imported.warnings.append(QStringLiteral("%1: no column is named text or phrase, so the phrases are read "
                                                "from the first column, \"%2\"; name the phrase column \"text\" "
                                                "in the header, or choose it with --text-column or in the import dialog")
                                     .arg(text.source, header.first()));

    QList<qsizetype> skipped;
    for (qsizetype row = hasHeader ? 1 : 0; row < records.size(); ++row) {
        const DelimitedRecord &record = records.at(row);
        if (columns->text >= record.cells.size())
            return fail(QStringLiteral("%1: the line has %2, but the text column is column %3; check the "
                                       "delimiter and the quotes on that line")
                            .arg(importLocation(text.source, record.line),
                                 formatQuantity(record.cells.size(), QStringLiteral("column"), QStringLiteral("columns")),
                                 QString::number(columns->text + 1)));

        auto phrase = cleanPhrase(record.cells.at(columns->text),
                                  importLocation(text.source, record.line, columns->text + 1));
        if (!phrase)
            return fail(phrase.error());
        if (phrase->isEmpty()) {
            skipped.append(record.line);
            continue;
        }
        imported.phrases.append(std::move(*phrase));
        if (columns->label >= 0)
            imported.labels.append(record.cells.value(columns->label).trimmed());
    }

    if (!skipped.isEmpty())
        imported.warnings.append(skippedRowsWarning(skipped, text.source));
    return imported;
}

static QString defaultJsonField(const QList<JsonLine> &records, bool (*matches)(QStringView))
{
    const QStringList keys = records.first().object.keys();
    if (matches(u"text") && keys.contains(QStringLiteral("text")))
        return QStringLiteral("text");
    const int index = findHeaderColumn(keys, matches);
    return index >= 0 ? keys.at(index) : QString();
}

static Expected<ImportedPhrases> parseJsonLinePhrases(const ImportText &text, const PhraseImportOptions &options)
{
    auto records = parseJsonLines(text);
    if (!records)
        return fail(records.error());
    if (records->isEmpty())
        return ImportedPhrases{};

    QString textField = options.textField;
    if (textField.isEmpty())
        textField = defaultJsonField(*records, isTextColumnName);
    if (textField.isEmpty())
        textField = QStringLiteral("text"); // so the error below names the field that was looked for
    const QString labelField = options.labelField.isEmpty() ? defaultJsonField(*records, isLabelColumnName)
                                                            : options.labelField;

    ImportedPhrases imported;
    for (const JsonLine &record : *records) {
        auto value = jsonTextField(record, textField, text.source, false);
        if (!value)
            return fail(value.error());
        auto phrase = cleanPhrase(*value, importLocation(text.source, record.line));
        if (!phrase)
            return fail(phrase.error());
        if (phrase->isEmpty())
            return fail(QStringLiteral("%1: the field \"%2\" is empty; every record needs a phrase")
                            .arg(importLocation(text.source, record.line), textField));

        imported.phrases.append(std::move(*phrase));
        if (labelField.isEmpty())
            continue;
        auto label = record.object.contains(labelField) ? jsonTextField(record, labelField, text.source, true)
                                                        : Expected<QString>(QString());
        if (!label)
            return fail(label.error());
        imported.labels.append(label->trimmed());
    }
    return imported;
}

Expected<ImportedPhrases> parsePhraseText(const ImportText &text, PhraseFormat format,
                                          const PhraseImportOptions &options)
{
    Expected<ImportedPhrases> imported = fail(QStringLiteral("no phrase format was chosen"));
    switch (format) {
    case PhraseFormat::Detect:
    case PhraseFormat::PlainText:
        imported = parsePlainText(text);
        break;
    case PhraseFormat::Delimited:
        imported = parseDelimitedPhrases(text, options, options.delimiter);
        break;
    case PhraseFormat::JsonLines:
        imported = parseJsonLinePhrases(text, options);
        break;
    }
    if (!imported)
        return imported;

    if (imported->phrases.isEmpty())
        return fail(QStringLiteral("%1 contains no phrases; give one phrase per line, or a CSV file with a "
                                   "text column")
                        .arg(text.source));
    imported->encoding = text.encoding;
    imported->warnings = text.warnings + imported->warnings;
    return imported;
}

Expected<ImportedPhrases> importPhraseFile(const QString &path, const PhraseImportOptions &options)
{
    const auto text = readImportText(path);
    if (!text)
        return fail(text.error());

    PhraseFormat format = options.format;
    if (format == PhraseFormat::Detect)
        format = phraseFormatForPath(path);

    // Excel's "Unicode Text" export is a UTF-16 .txt file of tab-separated
    // cells, so a .txt whose lines split evenly on tabs is read as a table.
    if (options.format == PhraseFormat::Detect && format == PhraseFormat::PlainText
        && sniffDelimiter(text->text) == QChar(u'\t'))
        format = PhraseFormat::Delimited;

    PhraseImportOptions resolved = options;
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (!resolved.delimiter && (suffix == u"tsv" || suffix == u"tab" || suffix == u"txt"))
        resolved.delimiter = u'\t';

    auto imported = parsePhraseText(*text, format, resolved);
    if (imported)
        qCDebug(lcText) << "imported" << imported->phrases.size() << "phrases from" << path;
    return imported;
}

Expected<ImportedPhrases> importPastedText(const QString &text, const PhraseImportOptions &options)
{
    const auto imported = importTextFromString(text, QStringLiteral("the pasted text"));
    if (!imported)
        return fail(imported.error());

    // Spreadsheets copy cells as tab-separated text. Anything else is a list
    // typed or copied from a document.
    if (!imported->text.contains(u'\t'))
        return parsePhraseText(*imported, PhraseFormat::PlainText, options);

    PhraseImportOptions tabbed = options;
    tabbed.delimiter = u'\t';
    return parsePhraseText(*imported, PhraseFormat::Delimited, tabbed);
}

} // namespace embedscope::text
