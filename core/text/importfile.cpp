#include "importfile.h"

#include "common/logging.h"
#include "importlimits.h"
#include "textdecoding.h"

#include <QFile>
#include <QFileInfo>

namespace embedscope::text {

QString formatCount(qint64 count)
{
    QString digits = QString::number(count < 0 ? -count : count);
    for (qsizetype at = digits.size() - 3; at > 0; at -= 3)
        digits.insert(at, u',');
    return count < 0 ? u'-' + digits : digits;
}

QString formatQuantity(qint64 count, const QString &singular, const QString &plural)
{
    return formatCount(count) + u' ' + (count == 1 ? singular : plural);
}

QString importSourceName(const QString &path)
{
    const QString name = QFileInfo(path).fileName();
    return name.isEmpty() ? path : name;
}

QString importLocation(const QString &source, qsizetype line, qsizetype column)
{
    QString where = QStringLiteral("%1, line %2").arg(source, formatCount(line));
    if (column > 0)
        where += QStringLiteral(", column %1").arg(formatCount(column));
    return where;
}

// Spreadsheet workbooks are a common wrong choice in an import dialog. They
// are containers, not text, so the message explains how to get a CSV instead.
static std::optional<QString> workbookMessage(const QByteArray &head, const QString &source)
{
    if (head.startsWith("PK\x03\x04"))
        return QStringLiteral("%1 is a ZIP archive, such as an Excel (.xlsx) or LibreOffice (.ods) "
                              "workbook; save the sheet as \"CSV UTF-8\" and import that file")
            .arg(source);
    if (head.startsWith("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"))
        return QStringLiteral("%1 is an old Excel workbook (.xls); save the sheet as \"CSV UTF-8\" "
                              "and import that file")
            .arg(source);
    return std::nullopt;
}

Expected<QByteArray> readImportBytes(const QString &path)
{
    const QString source = importSourceName(path);
    const QFileInfo info(path);
    if (!info.exists())
        return fail(QStringLiteral("%1 was not found; check the path").arg(path));
    if (info.isDir())
        return fail(QStringLiteral("%1 is a folder; choose a file").arg(path));
    if (info.size() > MAX_FILE_BYTES)
        return fail(QStringLiteral("%1 is %2 bytes; Embedscope imports files of up to %3 bytes. "
                                   "Split it into smaller files")
                        .arg(source, formatCount(info.size()), formatCount(MAX_FILE_BYTES)));

    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
    QByteArray bytes = file.readAll();

    if (bytes.isEmpty())
        return fail(QStringLiteral("%1 is empty; choose a file that contains data").arg(source));
    if (auto message = workbookMessage(bytes.left(8), source))
        return fail(*message);
    return bytes;
}

static qsizetype countLines(const QString &text)
{
    if (text.isEmpty())
        return 0;
    return text.count(u'\n') + (text.endsWith(u'\n') ? 0 : 1);
}

Expected<ImportText> importTextFromString(const QString &text, const QString &source)
{
    ImportText imported;
    imported.source = source;
    imported.encoding = QStringLiteral("UTF-16");
    imported.text = text;

    // Excel and Notepad write CRLF, and classic Mac OS spreadsheets a lone
    // CR. A "\r" left in a phrase would change its embedding.
    imported.text.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
    imported.text.replace(u'\r', u'\n');
    while (imported.text.startsWith(QChar(0xFEFF)))
        imported.text.remove(0, 1);

    if (imported.text.contains(QChar(0)))
        return fail(QStringLiteral("%1 contains NUL characters and looks binary; choose a text file "
                                   "such as .txt, .csv, .tsv or .jsonl")
                        .arg(source));

    const qsizetype lines = countLines(imported.text);
    if (lines > MAX_FILE_LINES)
        return fail(QStringLiteral("%1 has %2 lines; Embedscope imports at most %3 lines from one file. "
                                   "Split it into smaller files")
                        .arg(source, formatCount(lines), formatCount(MAX_FILE_LINES)));
    return imported;
}

Expected<ImportText> readImportText(const QString &path)
{
    const QString source = importSourceName(path);
    const auto bytes = readImportBytes(path);
    if (!bytes)
        return fail(bytes.error());

    const auto decoded = decodeText(*bytes);
    if (!decoded)
        return fail(QStringLiteral("%1: %2").arg(source, decoded.error()));

    auto imported = importTextFromString(decoded->text, source);
    if (!imported)
        return imported;
    imported->encoding = decoded->encoding;

    if (decoded->usedFallback) {
        qCInfo(lcText) << "read" << path << "as" << decoded->encoding << "because it is not valid UTF-8";
        imported->warnings.append(QStringLiteral("%1 is not valid UTF-8 or UTF-16, so it was read as %2. "
                                                 "Check accented letters, or save the file as UTF-8")
                                      .arg(source, decoded->encoding));
    }
    qCDebug(lcText) << "read" << path << "as" << imported->encoding;
    return imported;
}

} // namespace embedscope::text
