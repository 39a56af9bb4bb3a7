#pragma once

#include "common/expected.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace embedscope::text {

// The decoded text of one import, ready to split into lines.
struct ImportText
{
    QString source;       // file name (or "pasted text") that messages name
    QString text;         // line breaks normalised to "\n", no byte order mark
    QString encoding;     // as DecodedText::encoding
    QStringList warnings; // for the user, e.g. that Windows-1252 was assumed
};

// Reads a file for import, rejecting a missing, unreadable, empty or too
// large file (MAX_FILE_BYTES). Spreadsheet workbooks, which are ZIP or OLE
// containers, are rejected with a message to save the sheet as CSV.
Expected<QByteArray> readImportBytes(const QString &path);

// Reads and decodes a text file for import (see decodeText()), normalises
// CRLF and lone CR line breaks to "\n", and rejects binary files and files of
// more than MAX_FILE_LINES lines.
Expected<ImportText> readImportText(const QString &path);

// Applies the same normalisation and limits to text that did not come from
// a file, such as a paste from a spreadsheet.
Expected<ImportText> importTextFromString(const QString &text, const QString &source);

// File name that messages use for path.
QString importSourceName(const QString &path);

// "data.csv, line 12, column 3" (column 0 leaves the column out), the prefix
// of every import error about one place in a file. Lines and columns count
// from 1, as editors and spreadsheets show them.
QString importLocation(const QString &source, qsizetype line, qsizetype column = 0);

// 500000 as "500,000", for messages.
QString formatCount(qint64 count);

// formatCount(count) followed by the singular or plural noun: "1 column",
// "3 columns".
QString formatQuantity(qint64 count, const QString &singular, const QString &plural);

} // namespace embedscope::text
